package io.hactl.config;

import java.util.List;
import java.time.Duration;

/**
 * The daemon ({@code hactl controller}; {@code controller:} in hactl.yml).
 *
 * @param listenAddress  where the REST API listens; default 127.0.0.1
 * @param port           its TCP port; default 8642
 * @param operators      the operators allowed to act (ack, reject, switchover) through the API,
 *                       each with the SHA-256 of their bearer token (never the token itself)
 * @param openReads      whether GET requests from localhost need no token; default true
 * @param remindInterval how often a standing warning (STANDALONE, DEGRADED...) is repeated; default 30m
 */
public record ControllerConfig(String listenAddress, int port, List<Operator> operators, boolean openReads,
                               Duration remindInterval) {

    /** A named operator and the lower-case hex SHA-256 of their token. */
    public record Operator(String name, String tokenSha256) {

        /** What an operator's name may be, as the messages say it. */
        public static final String NAME_RULE = "use letters, digits, '.', '_' and '-'";

        /**
         * Whether {@code name} may name an operator: the one rule of controller.operators[].name
         * and of {@code hactl token new NAME}, so a token is never made for a name the config refuses.
         */
        public static boolean isName(String name) {
            return name != null && name.matches(ConfigBinder.NAME_PATTERN);
        }
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(Defaults.CONTROLLER_LISTEN, Defaults.CONTROLLER_PORT, List.of(), true,
                Defaults.CONTROLLER_REMIND_INTERVAL);
    }
}
