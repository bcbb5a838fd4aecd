package io.hactl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.api.ApiClient;
import io.hactl.config.ControllerConfig;
import io.hactl.text.ControlChars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A new web console user: the password read from the terminal twice without echo (or one line of
 * stdin with {@code --password-stdin}), never from the command line, where {@code ps} and the shell's
 * history would show it; its bcrypt hash printed with the name and role, as lines to paste under
 * {@code controller.users}. The password itself is never printed.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Make a web console user: ask for the password, print the lines for hactl.yml.",
                "Asks for the password twice on the terminal (not echoed), or reads one line from stdin with"
                        + " --password-stdin, and prints the lines to paste under controller.users in hactl.yml (the"
                        + " name, the role and the password's bcrypt hash). The password is never printed and"
                        + " never taken from the command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:no usable password (none, too short or too long, typed twice differently)"})
public final class UserNewCommand implements Callable<Integer> {

    /** The shortest password taken: a console on the network is guessed at. */
    static final int MIN_LENGTH = 12;
    /** bcrypt reads 72 bytes of a password and ignores the rest: a longer one would be weaker than it looks. */
    static final int MAX_BYTES = 72;
    /** bcrypt's cost: 2^12 rounds, about a quarter of a second on a small machine for each login. */
    static final int COST = 12;

    @Parameters(paramLabel = "NAME", description = "The user's name, as the audit will show it (e.g. alice):"
            + " letters, digits, '.', '_' and '-', as controller.users takes them.")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", required = true,
            description = "viewer (sees every page) or operator (also acknowledges, rejects, requests switchovers,"
                    + " unblocks).")
    String role;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (for a script:"
            + " printf '%%s\\n' \"$PW\" | hactl user new ...), not from the terminal.")
    boolean passwordStdin;

    @Option(names = "--json", description = "Print the name, role and hash as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The terminal (System.console() in production; null when there is none). */
    Supplier<TokenSource.Prompt> console = () -> {
        java.io.Console c = System.console();
        return c == null ? null : p -> c.readPassword("%s", p);
    };

    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!ControllerConfig.Operator.isName(name)) {
                throw new BadUsage(spec, "user new: '" + ControlChars.escape(name) + "' is not a user name: "
                        + ControllerConfig.Operator.NAME_RULE + " (e.g. alice), as controller.users in hactl.yml"
                        + " takes them");
            }
            ControllerConfig.Role r = ControllerConfig.Role.named(role).orElseThrow(() -> new BadUsage(spec,
                    "user new: --role '" + ControlChars.escape(role) + "' is not a role: write --role viewer (sees"
                            + " every page) or --role operator (also acknowledges, rejects, requests switchovers,"
                            + " unblocks)"));
            char[] password = passwordStdin ? fromStdin() : fromTerminal(err);
            if (password == null) {
                return 1;
            }
            String refused = refused(password);
            if (refused != null) {
                Arrays.fill(password, '\0');
                err.println("user new: " + refused + "; nothing was printed");
                return 1;
            }
            String hash = new BCryptPasswordEncoder(COST).encode(java.nio.CharBuffer.wrap(password));
            Arrays.fill(password, '\0');
            if (json) {
                ObjectNode n = ApiClient.mapper().createObjectNode();
                n.put("name", name);
                n.put("role", r.word());
                n.put("password_hash", hash);
                o.println(ControllerCall.pretty(n));
                return 0;
            }
            o.println("user new: a " + r.word() + " named " + name + "; the password is not shown here.");
            o.println("Paste these lines under controller.users in hactl.yml (only the hash goes there):");
            o.println();
            o.println("    - name: " + name);
            o.println("      role: " + r.word());
            o.println("      password_hash: \"" + hash + "\"");
            o.println();
            o.println("then restart the controller (systemctl restart hactl-controller; check first: hactl conf check).");
            o.println("The console is at http://<controller.listen>/ (log in as " + name + ").");
            return 0;
        } finally {
            o.flush();
            err.flush();
        }
    }

    /** Asks twice; null (said on {@code err}) when there is no terminal or the two differ. */
    private char[] fromTerminal(PrintWriter err) {
        TokenSource.Prompt p = console.get();
        if (p == null) {
            err.println("user new: no terminal to ask for the password: run it in a terminal, or give the password on"
                    + " stdin with --password-stdin (never on the command line)");
            return null;
        }
        char[] first = p.readSecret("Password for " + name + " (not echoed): ");
        char[] second = first == null ? null : p.readSecret("The same password again: ");
        if (first == null || second == null) {
            err.println("user new: no password typed; nothing was printed");
            return null;
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            err.println("user new: the two passwords differ; nothing was printed: run it again");
            return null;
        }
        return first;
    }

    /** The first line of stdin, without its line end. */
    private char[] fromStdin() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    /** Why {@code password} cannot be taken, or null. */
    private static String refused(char[] password) {
        if (password.length == 0) {
            return "the password is empty: give one of at least " + MIN_LENGTH + " characters";
        }
        if (password.length < MIN_LENGTH) {
            return "the password is too short: give one of at least " + MIN_LENGTH + " characters (a phrase of a"
                    + " few words will do)";
        }
        int bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining();
        if (bytes > MAX_BYTES) {
            return "the password is " + bytes + " bytes long: bcrypt reads only the first " + MAX_BYTES + " bytes,"
                    + " so give one of at most " + MAX_BYTES + " bytes";
        }
        return null;
    }
}
