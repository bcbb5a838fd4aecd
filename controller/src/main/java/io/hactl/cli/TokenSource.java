package io.hactl.cli;

import io.hactl.config.FileModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the CLI finds the operator's bearer token, first found wins: {@code --token-file FILE},
 * {@code $HACTL_TOKEN}, {@code ~/.config/hactl/token}, else a prompt on the console (no
 * echo). A file must be readable by its owner only (0600 or 0400). Never the command line.
 */
final class TokenSource {

    static final String ENV = "HACTL_TOKEN";

    /** A console that reads a line without echo (System.console() in production). */
    interface Prompt {
        char[] readSecret(String prompt);
    }

    /** No usable token; the message says what to do. */
    static final class TokenException extends Exception {
        TokenException(String message) {
            super(message);
        }
    }

    static final String HOW = "give the token of an operator listed under controller.operators: --token-file FILE"
            + " (mode 0600), or $" + ENV + ", or ~/.config/hactl/token (mode 0600); an operator without one"
            + " creates it with: hactl token new NAME --out FILE";

    private final Function<String, String> env;
    private final Path home;
    private final Supplier<Prompt> console;

    TokenSource(Function<String, String> env, Path home, Supplier<Prompt> console) {
        this.env = env;
        this.home = home;
        this.console = console;
    }

    static TokenSource system() {
        return new TokenSource(System::getenv, Path.of(System.getProperty("user.home", "/root")), () -> {
            java.io.Console c = System.console();
            return c == null ? null : p -> c.readPassword("%s", p);
        });
    }

    Path defaultFile() {
        return home.resolve(".config/hactl/token");
    }

    /** The token for an action: asks on the console when no file or variable gives one. */
    String forAction(Path tokenFile) throws TokenException {
        Optional<String> t = withoutPrompt(tokenFile);
        if (t.isPresent()) {
            return t.get();
        }
        Prompt p = console.get();
        if (p == null) {
            throw new TokenException("no token and no console to ask for one: " + HOW);
        }
        char[] typed = p.readSecret("hactl operator token (not echoed): ");
        String token = typed == null ? "" : new String(typed).strip();
        if (typed != null) {
            java.util.Arrays.fill(typed, '\0');
        }
        if (token.isEmpty()) {
            throw new TokenException("no token typed: " + HOW);
        }
        return token;
    }

    /** The token from a file or the environment, if any (for reads: no prompt). */
    Optional<String> withoutPrompt(Path tokenFile) throws TokenException {
        if (tokenFile != null) {
            return Optional.of(fromFile(tokenFile, "--token-file"));
        }
        String v = env.apply(ENV);
        if (v != null && !v.isBlank()) {
            return Optional.of(v.strip());
        }
        Path dflt = defaultFile();
        if (Files.exists(dflt)) {
            return Optional.of(fromFile(dflt, dflt.toString()));
        }
        return Optional.empty();
    }

    private static String fromFile(Path file, String what) throws TokenException {
        if (!Files.isRegularFile(file)) {
            throw new TokenException(what + ": " + file + " does not exist or is not a regular file: give the file"
                    + " hactl token new wrote (--out FILE)");
        }
        Optional<Integer> mode = FileModes.mode(file);
        if (mode.isPresent() && FileModes.openToOthers(mode.get())) {
            throw new TokenException(what + ": " + file + " is mode " + FileModes.octal(mode.get())
                    + ", so group/others can read the token: run chmod 600 " + file
                    + " (and, if others could read it, make a new token: hactl token new NAME --out FILE)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenException(what + ": cannot read " + file + ": " + e.getMessage());
        }
        String token = lines.isEmpty() ? "" : lines.get(0).strip();
        if (token.isEmpty()) {
            throw new TokenException(what + ": " + file + " is empty: put the token alone on its first line"
                    + " (hactl token new NAME --out FILE writes one)");
        }
        return token;
    }
}
