package io.hactl.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The daemon ({@code hactl controller}; {@code controller:} in hactl.yml).
 *
 * @param listenAddress  where the REST API listens; default 127.0.0.1
 * @param port           its TCP port; default 8642
 * @param operators      the operators allowed to act (ack, reject, switchover) through the API,
 *                       each with the SHA-256 of their bearer token (never the token itself)
 * @param openReads      the reads a client on this machine may make without a token; default
 *                       {@link #DEFAULT_OPEN_READS} (status, health)
 * @param remindInterval how often a standing warning (STANDALONE, DEGRADED...) is repeated, in the
 *                       transition log and by the alerts (the one reminder setting); default 30m
 * @param coordination   {@code controller.coordination}: how this controller joins the other two through
 *                       ZooKeeper; null when absent (one controller, a local lock). Its member is null when
 *                       not written: the daemon takes this host's node name ({@code CoordinationMember})
 * @param users          {@code controller.users}: who may log in to the web console, each with a role and the
 *                       bcrypt hash of their password (never the password); empty: the console is off
 */
public record ControllerConfig(String listenAddress, int port, List<Operator> operators, Set<OpenRead> openReads,
                               Duration remindInterval, CoordinationSettings coordination, List<User> users) {

    /** Without coordination: one controller. */
    public ControllerConfig(String listenAddress, int port, List<Operator> operators, Set<OpenRead> openReads,
                            Duration remindInterval) {
        this(listenAddress, port, operators, openReads, remindInterval, null);
    }

    /** Without console users: the web console is off. */
    public ControllerConfig(String listenAddress, int port, List<Operator> operators, Set<OpenRead> openReads,
                            Duration remindInterval, CoordinationSettings coordination) {
        this(listenAddress, port, operators, openReads, remindInterval, coordination, List.of());
    }

    /**
     * What a console user may do. A viewer sees every page; an operator also acts (acknowledges,
     * rejects, requests switchovers, unblocks). The API's bearer tokens are another matter
     * ({@code controller.operators}).
     */
    public enum Role {
        VIEWER, OPERATOR;

        /** The word in hactl.yml ({@code viewer}). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> named(String word) {
            return Arrays.stream(values()).filter(r -> r.word().equalsIgnoreCase(word)).findFirst();
        }
    }

    /**
     * A web console user: a name (the audit says who acted by it, as for an operator), a role, and
     * the bcrypt hash of their password ({@code hactl user new NAME --role ROLE} prints it).
     */
    public record User(String name, Role role, String passwordHash) {

        /** What a bcrypt hash looks like: $2a$, $2b$ or $2y$, a cost of two digits, 53 characters. */
        public static final String BCRYPT = "\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}";

        /** Never the hash: a toString in a log or an exception says only who and what. */
        @Override
        public String toString() {
            return "User[" + name + ", " + role.word() + "]";
        }
    }

    /** A named operator and the lower-case hex SHA-256 of their token. */
    public record Operator(String name, String tokenSha256) {

        /** What an operator's name may be, as the messages say it. */
        public static final String NAME_RULE = "use letters, digits, '.', '_' and '-'";

        /**
         * Whether {@code name} may name an operator: the one rule of controller.operators[].name
         * and of {@code hactl token new NAME}, so a token is never made for a name the config refuses.
         */
        public static boolean isName(String name) {
            return name != null && name.matches(HactlYaml.NAME);
        }
    }

    /**
     * A read the API can serve without a token to a client on this machine
     * ({@code controller.open_reads}). History and proposals say who did what, with the
     * operations' arguments and the operators' comments: they are not open by default.
     */
    public enum OpenRead {
        /** GET /api/status (hactl status) and GET /api/leader. */
        STATUS,
        /** GET /actuator/health. */
        HEALTH,
        /** GET /actuator/prometheus. */
        METRICS,
        /** GET /api/history. */
        HISTORY,
        /** GET /api/proposals (hactl proposals). */
        PROPOSALS;

        /** The word in hactl.yml ({@code status}). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<OpenRead> named(String word) {
            return Arrays.stream(values()).filter(r -> r.word().equalsIgnoreCase(word)).findFirst();
        }

        /** "status, health, metrics, history, proposals". */
        public static String words() {
            return Arrays.stream(values()).map(OpenRead::word).collect(Collectors.joining(", "));
        }
    }

    /** What {@code open_reads} opens when it is not written: status and health. */
    public static final Set<OpenRead> DEFAULT_OPEN_READS = Set.of(OpenRead.STATUS, OpenRead.HEALTH);

    /** What the old {@code open_reads: true} opened, and still does: every read. */
    public static final Set<OpenRead> ALL_READS = Set.of(OpenRead.values());

    public ControllerConfig {
        openReads = Set.copyOf(openReads);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(Defaults.CONTROLLER_LISTEN, Defaults.CONTROLLER_PORT, List.of(), DEFAULT_OPEN_READS,
                Defaults.CONTROLLER_REMIND_INTERVAL);
    }
}
