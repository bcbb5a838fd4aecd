package io.hactl.api;

import io.hactl.config.BackupConfig;
import io.hactl.config.ControllerConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.FailoverConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.ServiceConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Configs, statuses and a recording {@link ControllerService} for the API's tests. */
public final class ApiFixtures {

    public static final String ALICE_TOKEN = "alice-token-0123456789abcdefghijklmnopqrstuv";
    public static final String BOB_TOKEN = "bob-token-zyxwvutsrqponmlkjihgfedcba9876543210";

    private ApiFixtures() {
    }

    public static List<ControllerConfig.Operator> operators() {
        return List.of(new ControllerConfig.Operator("alice", OperatorTokens.sha256Hex(ALICE_TOKEN)),
                new ControllerConfig.Operator("bob", OperatorTokens.sha256Hex(BOB_TOKEN)));
    }

    /**
     * The lab pair's config with the controller on 127.0.0.1:{@code port} (0: any free port);
     * {@code openReads} as the old boolean: every read open from loopback, or none.
     */
    public static HactlConfig config(int port, boolean openReads, Path stateDirectory) {
        return config(port, openReads ? ControllerConfig.ALL_READS : Set.of(), stateDirectory);
    }

    /** The lab pair's config with the controller on 127.0.0.1:{@code port}, these reads open from loopback. */
    /** The console tests' users' passwords (bcrypt hashes of them are in {@link #consoleUsers()}). */
    public static final String ALICE_PASSWORD = "alice-console-password";
    public static final String VICTOR_PASSWORD = "victor-console-password";

    /** The console's two users: alice an operator, victor a viewer (bcrypt, cost 4 for speed). */
    public static List<ControllerConfig.User> consoleUsers() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        return List.of(
                new ControllerConfig.User("alice", ControllerConfig.Role.OPERATOR, bcrypt.encode(ALICE_PASSWORD)),
                new ControllerConfig.User("victor", ControllerConfig.Role.VIEWER, bcrypt.encode(VICTOR_PASSWORD)));
    }

    /** The lab pair's config with {@code users} as its console users; {@code backups} its backup.directory (null: default). */
    public static HactlConfig withConsoleUsers(List<ControllerConfig.User> users, Path backups) {
        HactlConfig base = config(0, Set.of(), Path.of("/tmp/hactl-console-test"));
        ControllerConfig c = base.controller();
        return new HactlConfig(base.source(), base.clusterName(), base.nodes(), base.dbVip(), base.appVip(),
                base.database(), base.services(), base.probe(),
                backups == null ? base.backup() : new BackupConfig(backups, null, List.of()), base.stateDirectory(),
                base.failover(), new ControllerConfig(c.listenAddress(), c.port(), c.operators(), c.openReads(),
                c.remindInterval(), null, users));
    }

    public static HactlConfig config(int port, Set<ControllerConfig.OpenRead> openReads, Path stateDirectory) {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(1), Duration.ofSeconds(2));
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1",
                List.of(new NodeConfig("n1", "198.51.100.11", "eth0", ssh), new NodeConfig("n2", "198.51.100.12", "eth0", ssh)),
                new VipConfig("198.51.100.89", 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "agi", "agi", Secret.NONE, "repl", Secret.NONE, Duration.ofSeconds(1),
                        Duration.ofSeconds(2), null),
                List.of(new ServiceConfig("tomcat", "start", "stop", "catalina", 8080, Duration.ofSeconds(60),
                        Duration.ofSeconds(60), "/srv/tomcat/logs/catalina.out", "/srv/tomcat")),
                new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300)),
                BackupConfig.defaults(), stateDirectory, FailoverConfig.defaults(),
                new ControllerConfig("127.0.0.1", port, operators(), openReads, Duration.ofMinutes(30)));
    }

    public static Proposal failover(String id) {
        return new Proposal(id, Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down for 3 cycles and n2 confirms: promote n2",
                List.of("n1 SQL: connection refused since 10:00:01.120", "n2 IO thread: Connecting since 10:00:01.400"),
                "n2 is 0 transactions behind", Instant.parse("2025-05-01T10:00:03Z"),
                Instant.parse("2025-05-01T10:15:03Z"), null, Proposal.Status.PENDING, null, null, null);
    }

    public static ControllerStatus status(ClusterState state, Instant lastCycleAt, List<Proposal> pending) {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeState.DOWN);
        nodes.put("n2", NodeState.REPLICA_BROKEN);
        return new ControllerStatus("pair1", state, Instant.parse("2025-05-01T10:00:03Z"),
                "master n1 down for 3 cycles and n2 confirms: a failover is proposed",
                List.of("n1 SQL: connection refused since 10:00:01.120"), "MASTER_DOWN", AppState.ACTIVE,
                "application active on n1", nodes, pending, null, null, lastCycleAt, 420, 1234, 7L, "MANUAL",
                "controller");
    }

    /** A service that answers from its fields and records every action it receives. */
    public static final class RecordingService implements ControllerService {
        public volatile ControllerStatus status;
        public volatile List<Proposal> proposals = List.of();
        public volatile ActionResult next = ActionResult.accepted("done", null, "op-1");
        public volatile List<TransitionEntry> history = List.of();
        public final List<List<String>> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        public volatile Instant historySince;
        public volatile int historyDamagedLines;
        public volatile int historyFirstDamagedLine;

        public RecordingService(ControllerStatus status) {
            this.status = status;
        }

        @Override
        public ControllerStatus status() {
            return status;
        }

        @Override
        public List<Proposal> proposals() {
            return proposals;
        }

        @Override
        public ActionResult ack(String proposalId, String operator, String comment) {
            calls.add(java.util.Arrays.asList("ack", proposalId, operator, comment));
            return next;
        }

        @Override
        public ActionResult reject(String proposalId, String operator, String comment) {
            calls.add(java.util.Arrays.asList("reject", proposalId, operator, comment));
            return next;
        }

        @Override
        public ActionResult requestSwitchover(String node, String operator, String reason) {
            calls.add(java.util.Arrays.asList("switchover", node, operator, reason));
            return next;
        }

        @Override
        public ActionResult unblock(String operator, String reason) {
            calls.add(java.util.Arrays.asList("unblock", operator, reason));
            return next;
        }

        @Override
        public TransitionLog.Contents history(Instant since) {
            historySince = since;
            return new TransitionLog.Contents(history, historyDamagedLines, historyFirstDamagedLine);
        }
    }
}
