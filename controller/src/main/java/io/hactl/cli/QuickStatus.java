package io.hactl.cli;

import io.hactl.api.ApiClient;
import io.hactl.api.ApiController;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigLocator;
import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * {@code hactl status} (only {@code --config}, no other option) answered by a running controller before picocli and
 * Jackson start (issue 20: a status in 0.2 s; they were ~0.25 s of a 0.5–0.8 s status). The controller renders the
 * report ({@code GET /api/status/text}, the one {@link io.hactl.api.ControllerRenderer}) and names the exit code in a
 * header; this prints the config line and the report, as {@link StatusCommand} does. No controller answering: the
 * one-shot check, as StatusCommand's ({@link StatusCommand#oneShot}), without asking a second time. Anything else
 * (another option, --help, no config, a config with problems, a token file that cannot be read, an answer that is
 * not a report: 401 and a token to ask for, an older controller's 404, an error) is left to the whole command line:
 * empty, nothing printed.
 */
final class QuickStatus {

    private final ConfigLocator locator;
    private final TokenSource tokens;
    private final Function<ControllerConfig, ApiClient> clients;

    QuickStatus(ConfigLocator locator, TokenSource tokens, Function<ControllerConfig, ApiClient> clients) {
        this.locator = locator;
        this.tokens = tokens;
        this.clients = clients;
    }

    static QuickStatus system() {
        return new QuickStatus(ConfigLocator.system(), TokenSource.system(),
                c -> ApiClient.of(c, ControllerCall.CONNECT, ControllerCall.READ));
    }

    /**
     * A status this answers: the word {@code status} with at most one {@code -c}/{@code --config} (before or after
     * it) and nothing else; {@code config} is the file named, null when none is (then $HACTL_CONFIG, the default).
     */
    record Args(Path config) {

        static Optional<Args> of(String[] args) {
            boolean status = false;
            Path config = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                if (a.equals("status") && !status) {
                    status = true;
                    continue;
                } else if (a.equals("-c") || a.equals("--config")) {
                    if (i + 1 >= args.length) {
                        return Optional.empty();
                    }
                    value = args[++i];
                } else if (a.startsWith("--config=")) {
                    value = a.substring("--config=".length());
                } else if (a.startsWith("-c=")) {
                    value = a.substring("-c=".length());
                } else {
                    return Optional.empty();
                }
                if (config != null || value.isEmpty() || value.startsWith("-")) {
                    return Optional.empty();
                }
                config = Path.of(value);
            }
            return status ? Optional.of(new Args(config)) : Optional.empty();
        }
    }

    /**
     * The exit code when this answered (printed on {@code out}); empty when the whole command line is to. A one-shot
     * check that fails is said on {@code err} as the command line's handler says it ("hactl: ...", 3).
     */
    OptionalInt answer(String[] args, PrintWriter out, PrintWriter err) {
        Optional<ConfigLocator.Location> where = Args.of(args).flatMap(a -> locator.find(a.config()));
        if (where.isEmpty()) {
            return OptionalInt.empty();
        }
        Path path = where.get().path();
        try {
            ControllerConfig controller = ConfigLoader.controller(path);
            String token = tokens.withoutPrompt(null).orElse(null);
            ApiClient client = clients.apply(controller);
            ApiClient.TextReply reply;
            try {
                reply = client.getText("/api/status/text", token, ApiController.EXIT_CODE_HEADER);
            } catch (ApiClient.Unreachable e) {
                HactlConfig whole = ConfigLoader.load(path);
                out.println("config: " + where.get().describe());
                return OptionalInt.of(oneShot(whole, e.getMessage(), out, err));
            }
            OptionalInt code = exitCode(reply);
            if (code.isPresent()) {
                out.println("config: " + where.get().describe());
                out.print(reply.text());
            }
            return code;
        } catch (ConfigException | TokenSource.TokenException e) {
            return OptionalInt.empty();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int oneShot(HactlConfig whole, String why, PrintWriter out, PrintWriter err) {
        try {
            return StatusCommand.oneShot(whole, why, false, out);
        } catch (Exception e) {
            err.println("hactl: " + e.getMessage());
            return 3;
        }
    }

    /** A report's exit code: a 200 with the header and a number in it; else empty. */
    private static OptionalInt exitCode(ApiClient.TextReply reply) {
        if (reply.status() != 200 || reply.header() == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(reply.header().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
