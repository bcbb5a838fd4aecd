package io.hactl.cli;

import io.hactl.api.ApiClient;
import io.hactl.config.ControllerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/** Options of the commands that talk to the running controller: where the token is, JSON output. */
public final class ApiOptions {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding your operator token on its first line (mode 0600 or 0400). Default:"
                    + " $HACTL_TOKEN, else ~/.config/hactl/token, else a prompt. Never on the command line.")
    Path tokenFile;

    @Option(names = "--json", description = "Print the controller's answer as JSON.")
    boolean json;

    /** Where the token comes from; tests replace it (environment, home, console). */
    TokenSource tokens = TokenSource.system();

    /** How to reach the controller of a config, with a request timeout; tests point it at their server. */
    BiFunction<ControllerConfig, Duration, ApiClient> clients = (c, timeout) -> ApiClient.of(c, ControllerCall.CONNECT, timeout);

    ApiClient client(ControllerConfig c, Duration requestTimeout) {
        return clients.apply(c, requestTimeout);
    }
}
