package io.hactl.console;

import io.hactl.api.ApiFixtures;
import io.hactl.config.HactlConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import io.hactl.coordination.MemberView;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed statuses, snapshots, operations and a settable {@link ControllerService} for the console's tests. */
final class ConsoleFixtures {

    static final String ALICE_PASSWORD = ApiFixtures.ALICE_PASSWORD;
    static final String VICTOR_PASSWORD = ApiFixtures.VICTOR_PASSWORD;
    static final Instant T0 = Instant.parse("2025-05-01T10:00:03Z");
    static final String MAC1 = "02:00:00:00:00:11";
    static final String MAC2 = "02:00:00:00:00:12";

    private ConsoleFixtures() {
    }

    /** The lab pair's config with alice an operator and victor a viewer (bcrypt, cost 4 for speed). */
    static HactlConfig config() {
        return ApiFixtures.withConsoleUsers(ApiFixtures.consoleUsers(), null);
    }

    /** A pending failover, as the API's tests have it. */
    static Proposal failover(String id) {
        return ApiFixtures.failover(id);
    }

    /** The master n1 down, n2's IO thread connecting, a failover proposed; a block in force. */
    static ControllerStatus masterDown(List<Proposal> pending) {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeState.DOWN);
        nodes.put("n2", NodeState.REPLICA_BROKEN);
        return new ControllerStatus("pair1", ClusterState.FAILOVER_PROPOSED, T0,
                "master n1 down for 3 cycles and n2 confirms: a failover is proposed",
                List.of("n1 SQL: connection refused since 10:00:01.120", "n2 IO thread: Connecting since 10:00:01.400"),
                "MASTER_DOWN", AppState.ACTIVE, "application active on n1", nodes, pending,
                "failover blocked until 11:00:03 (anti-flapping, the last failover ended 10:00:03)", null,
                T0.plusSeconds(2), 420, 1234, 7L, "MANUAL", "controller");
    }

    /** Healthy: n1 master, n2 its replica in sync, nothing pending, no block. */
    static ControllerStatus healthy(String master, String replica) {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        nodes.put("n1", master.equals("n1") ? NodeState.MASTER : NodeState.REPLICA_SYNCED);
        nodes.put("n2", master.equals("n2") ? NodeState.MASTER : NodeState.REPLICA_SYNCED);
        return new ControllerStatus("pair1", ClusterState.ACTIVE_SYNCED, T0, "master " + master + " healthy, "
                + replica + " replicating", List.of(), "HEALTHY", AppState.ACTIVE, "application active on " + master,
                nodes, List.of(), null, null, T0.plusSeconds(2), 300, 99, 0L, "MANUAL", "controller");
    }

    /** With coordination: this controller c1 leads with epoch 7, three ZooKeeper members serving. */
    static ControllerStatus coordinated(ControllerStatus s) {
        return s.withCoordination(new CoordinationStatus("c1", CoordinationStatus.LEADER, "c1", 7, T0, null,
                "ZooKeeper connection CONNECTED since 10:00:00, to h1:2181",
                List.of(new MemberView("h1:2181", "leader", null), new MemberView("h2:2181", "follower", null),
                        new MemberView("h3:2181", "unreachable", "connection refused")), T0));
    }

    /** n1 the master (both VIPs, tomcat running pid 4242 on 8080), n2 its replica (lag 7 s), as one cycle saw them. */
    static ProbeSnapshot snapshot() {
        NodeProbe n1 = new NodeProbe("n1", "198.51.100.11", new NodeProbe.PingResult(true, 0.05, null),
                new NodeProbe.ShellResult(true, null), List.of("198.51.100.11", "198.51.100.89", "198.51.100.88"), MAC1,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, null, "0-1-42", "0-1-42",
                        "mariadb-bin.000002", 1234L),
                List.of(new ServiceProbe("tomcat", true, List.of(4242L), 8080, true, null)));
        NodeProbe n2 = new NodeProbe("n2", "198.51.100.12", new NodeProbe.PingResult(true, 0.05, null),
                new NodeProbe.ShellResult(true, null), List.of("198.51.100.12"), MAC2,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true,
                        new ReplicaStatus("198.51.100.11", 3306, "Connecting", true, 7L, 2003,
                                "Can't connect to server", 0, "", "0-1-41", "Slave_Pos"),
                        "0-1-41", "0-1-41", "mariadb-bin.000001", 999L),
                List.of(new ServiceProbe("tomcat", false, List.of(), 8080, false, null)));
        Map<String, String> owners = Map.of(MAC1, "n1", MAC2, "n2");
        return new ProbeSnapshot("pair1", T0.plusSeconds(2), Duration.ofMillis(30), List.of(n1, n2),
                new VipProbe("198.51.100.89", List.of("n1"), List.of(MAC1), owners, null),
                new VipProbe("198.51.100.88", List.of(), List.of(), owners, null));
    }

    /** A failover's lines: started, its fence done, its promotion running (no end yet) unless {@code ended}. */
    static List<OperationEntry> failoverLines(boolean ended) {
        List<OperationEntry> l = new ArrayList<>();
        l.add(op(T0, Event.OPERATION_START, null, null, null, "promote n2; fence n1", null));
        l.add(op(T0.plusMillis(100), Event.STEP_START, "fence n1", "n1", null, null, null));
        l.add(op(T0.plusMillis(400), Event.STEP_END, "fence n1", "n1", "ok", "read_only on, VIP gone", 300L));
        l.add(op(T0.plusMillis(500), Event.STEP_START, "promote n2", "n2", null, null, null));
        if (ended) {
            l.add(op(T0.plusMillis(600), Event.STEP_END, "promote n2", "n2", "ok", "read_only off", 100L));
            l.add(op(T0.plusMillis(700), Event.OPERATION_END, null, null, "ok", "n2 is the master", 700L));
        }
        return l;
    }

    private static OperationEntry op(Instant t, Event e, String step, String node, String result, String detail,
                                     Long ms) {
        return new OperationEntry(t, "pair1", e, "failover", "a1b2c3d4", step, node, result, detail, "alice",
                "proposal p1: n1's disk is gone", ms);
    }

    /** A service that answers from its fields (set them between requests) and records every action. */
    static final class FakeService implements ControllerService {
        volatile ControllerStatus status;
        volatile ProbeSnapshot snapshot;
        volatile List<OperationEntry> operation = List.of();
        final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

        FakeService(ControllerStatus status) {
            this.status = status;
        }

        @Override
        public ControllerStatus status() {
            return status;
        }

        @Override
        public Optional<ProbeSnapshot> lastSnapshot() {
            return Optional.ofNullable(snapshot);
        }

        @Override
        public List<OperationEntry> lastOperation() {
            return operation;
        }

        @Override
        public List<Proposal> proposals() {
            return status.proposals();
        }

        @Override
        public ActionResult ack(String proposalId, String operator, String comment) {
            calls.add(Arrays.asList("ack", proposalId, operator, comment));
            return ActionResult.accepted("done", proposalId, "op-1");
        }

        @Override
        public ActionResult reject(String proposalId, String operator, String comment) {
            calls.add(Arrays.asList("reject", proposalId, operator, comment));
            return ActionResult.accepted("done", proposalId, null);
        }

        @Override
        public ActionResult requestSwitchover(String node, String operator, String reason) {
            calls.add(Arrays.asList("switchover", node, operator, reason));
            return ActionResult.accepted("done", null, "op-2");
        }

        @Override
        public ActionResult unblock(String operator, String reason) {
            calls.add(Arrays.asList("unblock", operator, reason));
            return ActionResult.accepted("done", null, null);
        }

        @Override
        public TransitionLog.Contents history(Instant since) {
            return new TransitionLog.Contents(List.of(), 0, 0);
        }
    }
}
