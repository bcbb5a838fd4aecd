package io.hactl.config;

import io.hactl.model.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How this controller joins the other two ({@code controller.coordination} in hactl.yml, bound by
 * {@link ControllerBinder}; in config/, not coordination/, because config/ must not depend on what
 * depends back on it: coordination/ uses pair/ and db/, which use config/). Without these settings there is no coordination: one controller, a local lock.
 *
 * @param connect           the ZooKeeper ensemble, {@code host:port} comma-separated, one member on
 *                          each of the three failure domains: "h1:2181,h2:2181,h3:2181"
 * @param cluster           the pair's name: the tree is {@code /hactl/<cluster>}, so one ensemble can
 *                          serve several pairs
 * @param member            this controller's name among the three (n1, n2, w): the leader latch's id,
 *                          who recorded a decision, who holds the epoch
 * @param sessionTimeout    how long ZooKeeper keeps a silent controller's session (and so its
 *                          leadership); default 6 s — Curator's 60 s would leave the pair without a
 *                          leader for a minute. The servers clamp it to 2 to 20 ticks (tickTime 2000:
 *                          4 s to 40 s)
 * @param connectionTimeout how long one connection attempt may take; default 3 s, below the session
 * @param password          the ZooKeeper password ({@code password_file}): with it every node of the tree
 *                          is created with an ACL that gives only the controllers (digest "hactl:password")
 *                          access; {@link Secret#NONE}: an open tree. Never shown ({@link Secret#toString()})
 * @param epochDirectory    where the epoch file of fencing lives on each node ({@code epoch_directory},
 *                          {@code {node}} replaced by the node's name); null: the state directory, the same
 *                          path on each node. It must be one path for the three controllers: a witness
 *                          whose state directory differs writes the same file
 */
public record CoordinationSettings(String connect, String cluster, String member, Duration sessionTimeout,
                                   Duration connectionTimeout, Secret password, String epochDirectory) {

    public static final String KEY = "controller.coordination";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MAX_SESSION_TIMEOUT = Duration.ofSeconds(60);
    private static final String NAME = "[A-Za-z0-9._-]+";
    private static final String NAME_RULE = "use letters, digits, '.', '_' and '-'";
    private static final String EXAMPLE = "h1:2181,h2:2181,h3:2181";

    /** One ZooKeeper member of the connect string. */
    public record Member(String host, int port) {

        public String text() {
            return host + ":" + port;
        }
    }

    public CoordinationSettings {
        password = password == null ? Secret.NONE : password;
    }

    /** The epoch file in the state directory. */
    public CoordinationSettings(String connect, String cluster, String member, Duration sessionTimeout,
                                Duration connectionTimeout, Secret password) {
        this(connect, cluster, member, sessionTimeout, connectionTimeout, password, null);
    }

    /** Without a password: an open tree. */
    public CoordinationSettings(String connect, String cluster, String member, Duration sessionTimeout,
                                Duration connectionTimeout) {
        this(connect, cluster, member, sessionTimeout, connectionTimeout, Secret.NONE);
    }

    /** The same settings for controller {@code name}. */
    public CoordinationSettings withMember(String name) {
        return new CoordinationSettings(connect, cluster, name, sessionTimeout, connectionTimeout, password,
                epochDirectory);
    }

    /** The directory of the epoch file on {@code node}: {@code epoch_directory} with its {@code {node}}, else {@code stateDirectory}. */
    public String epochDirectory(String node, String stateDirectory) {
        return epochDirectory == null ? stateDirectory : epochDirectory.replace("{node}", node);
    }

    /** Whether the tree is protected by a password (ACLs). */
    public boolean secured() {
        return password.kind() != Secret.Kind.NONE;
    }

    /** The settings with the default timeouts. */
    public static CoordinationSettings of(String connect, String cluster, String member) {
        return new CoordinationSettings(connect, cluster, member, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** The pair's tree in ZooKeeper: {@code /hactl/<cluster>}. */
    public String basePath() {
        return "/hactl/" + cluster;
    }

    /** A node of the pair's tree: {@code path("epoch")} is {@code /hactl/<cluster>/epoch}. */
    public String path(String relative) {
        return basePath() + "/" + relative;
    }

    /** The members of the connect string, in its order; the ones that are not host:port are left out. */
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        for (String entry : entries()) {
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && port(entry.substring(colon + 1)) > 0) {
                members.add(new Member(entry.substring(0, colon), port(entry.substring(colon + 1))));
            }
        }
        return members;
    }

    /** How many members must serve for ZooKeeper to serve: a majority of the configured ones. */
    public int majority() {
        return members().size() / 2 + 1;
    }

    /** Refuses settings with any problem, naming them all. */
    public CoordinationSettings requireValid() {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return this;
    }

    /**
     * Every problem of these settings, each a sentence naming the key and the fix; empty when they
     * can be used. All are reported at once, the way hactl.yml's other sections are.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        connectProblems(problems);
        nameProblem(problems, "cluster", cluster, "name the pair, e.g. cluster: shop; it is the ZooKeeper path "
                + "/hactl/<cluster>", "it is the ZooKeeper path /hactl/<cluster>");
        nameProblem(problems, "member", member, "name this controller, one name per host (n1, n2 or w)",
                "this controller's name: n1, n2 or w");
        if (sessionTimeout == null) {
            problems.add(key("session_timeout") + " is missing: write how long ZooKeeper keeps a silent "
                    + "controller's leadership, e.g. session_timeout: 6s (the default)");
        } else if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0) {
            problems.add(key("session_timeout") + ": " + DurationText.config(sessionTimeout) + " is below "
                    + DurationText.config(MIN_SESSION_TIMEOUT) + ": a pause of the controller's JVM would cost it "
                    + "the leadership; use 4s to 20s, default 6s");
        } else if (sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            problems.add(key("session_timeout") + ": " + DurationText.config(sessionTimeout) + " is above "
                    + DurationText.config(MAX_SESSION_TIMEOUT) + ": a dead leader would be replaced only after it; "
                    + "use 4s to 20s, default 6s");
        }
        if (connectionTimeout == null) {
            problems.add(key("connection_timeout") + " is missing: write how long one connection attempt may take, "
                    + "e.g. connection_timeout: 3s (the default)");
        } else if (connectionTimeout.isZero() || connectionTimeout.isNegative()) {
            problems.add(key("connection_timeout") + ": " + DurationText.config(connectionTimeout)
                    + " is not positive; write a duration, e.g. connection_timeout: 3s (the default)");
        } else if (sessionTimeout != null && connectionTimeout.compareTo(sessionTimeout) >= 0) {
            problems.add(key("connection_timeout") + ": " + DurationText.config(connectionTimeout)
                    + " is not below session_timeout " + DurationText.config(sessionTimeout)
                    + "; a connection attempt must end while the session lives: use at most half of it ("
                    + DurationText.config(sessionTimeout.dividedBy(2)) + ")");
        }
        return problems;
    }

    private void connectProblems(List<String> problems) {
        if (connect == null || connect.isBlank()) {
            problems.add(key("connect") + " is missing: name the three ZooKeeper members as host:port, "
                    + "e.g. connect: " + EXAMPLE);
            return;
        }
        int slash = connect.indexOf('/');
        if (slash >= 0) {
            String chroot = connect.substring(slash).trim();
            problems.add(key("connect") + ": '" + chroot + "' is a chroot path; hactl keeps its tree under "
                    + (cluster == null ? "/hactl/<cluster>" : basePath()) + ": remove '" + chroot + "'");
        }
        Set<String> seen = new HashSet<>();
        for (String entry : entries()) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                problems.add(key("connect") + ": '" + entry + "' has no port; write host:port ("
                        + (colon == 0 ? "h1" : entry) + ":2181)");
            } else if (port(entry.substring(colon + 1)) < 0) {
                problems.add(key("connect") + ": the port of '" + entry + "' is not a number from 1 to 65535; "
                        + "write host:port (" + entry.substring(0, colon) + ":2181)");
            } else if (!seen.add(entry)) {
                problems.add(key("connect") + " names " + entry + " twice; name each ZooKeeper member once");
            }
        }
        int n = members().size();
        if (n > 0 && n % 2 == 0) {
            problems.add(key("connect") + " names " + n + " members: ZooKeeper serves only while a majority "
                    + "serves, so " + n + " members stop when " + (n / 2) + " stop, as " + (n - 1) + " would; name "
                    + (n + 1) + (n == 2 ? " (the two nodes and the witness)" : ""));
        }
    }

    private void nameProblem(List<String> problems, String name, String value, String whenMissing, String what) {
        if (value == null || value.isBlank()) {
            problems.add(key(name) + " is missing: " + whenMissing);
        } else if (!value.matches(NAME) || value.equals(".") || value.equals("..")) {
            problems.add(key(name) + ": '" + value + "' is not a name; " + NAME_RULE + " (" + what + ")");
        }
    }

    private List<String> entries() {
        if (connect == null) {
            return List.of();
        }
        String hosts = connect.indexOf('/') >= 0 ? connect.substring(0, connect.indexOf('/')) : connect;
        List<String> entries = new ArrayList<>();
        for (String e : hosts.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        return entries;
    }

    /** The port, or -1 when it is not a number from 1 to 65535. */
    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return -1;
        }
        int p = Integer.parseInt(text);
        return p >= 1 && p <= 65535 ? p : -1;
    }

    private static String key(String name) {
        return KEY + "." + name;
    }
}
