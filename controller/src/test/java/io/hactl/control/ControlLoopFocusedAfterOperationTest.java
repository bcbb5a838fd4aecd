package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.model.DbProbe;
import io.hactl.model.DbProcess;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.ops.db.Fencing;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a focused re-probe looks again only at the master, the replica's IO thread and the master's
 * process, and keeps the rest of the last whole cycle. When that whole cycle ran during our own failover
 * (the new master still a read-only replica in it), the focused snapshot is ours too: read after the
 * failover's end as the pair's state, it made the controller go SWITCHING → MASTER_UNREACHABLE → STANDALONE
 * (ControllerLabIT saw it) — a false state, and an alert, right after a good failover.
 */
class ControlLoopFocusedAfterOperationTest {

    @TempDir
    Path dir;
    private ControlLoop loop;

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private static NodeProbe refused(NodeProbe n) {
        return new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                DbProbe.notResponding(DbProbe.Failure.REFUSED, "Communications link failure (ConnectException:"
                        + " Connection refused)"), n.services()).withDbProcess(new DbProcess(false, 4242L, "/srv/n1/mariadbd.pid"));
    }

    /** n1 crashed (refused, no process), n2 still its read-only replica, its IO thread refused by n1. */
    private static ProbeSnapshot crashed(HactlConfig c) {
        ProbeSnapshot h = HealthyPair.snapshot(c);
        NodeProbe r = h.nodes().get(1);
        DbProbe d = r.db();
        NodeConfig m = c.nodes().get(0);
        ReplicaStatus io = new ReplicaStatus(m.address(), 3306, "Connecting", true, null, 2003, "error reconnecting to"
                + " master 'repl@" + m.address() + ":3306' - message: Can't connect to server on '" + m.address()
                + "' (111 \"Connection refused\")", 0, "", "0-1-42", "Slave_Pos");
        r = new NodeProbe(r.name(), r.address(), r.ping(), r.shell(), r.addresses(), r.macAddress(),
                new DbProbe(true, null, d.flavor(), d.version(), true, io, d.gtidCurrentPos(), d.gtidBinlogPos(),
                        d.binlogFile(), d.binlogPosition()), r.services());
        return new ProbeSnapshot(h.cluster(), h.takenAt(), h.elapsed(), List.of(refused(h.nodes().get(0)), r),
                h.dbVip(), h.appVip());
    }

    @Test
    void aFocusedReprobeKeepingAWholeCycleTakenDuringOurFailoverIsOurs_noFalseStateAfterTheFailoversEnd()
            throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        ControlLoop.Operations failover = new ControlLoop.Operations() {
            @Override
            public ProposalRunner.Result run(Proposal p, String who, String comment) {
                return new ProposalRunner.Result(0, "done", new Fencing("n1", Fencing.Vip.DETACHED, Fencing.Db.DOWN,
                        "n1 fenced"), true);
            }

            @Override
            public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
                return new ProposalRunner.Result(2, "not here");
            }
        };
        loop = new ControlLoop(c, new PrintWriter(new StringWriter(), true), Clock.systemUTC(), ControllerEvents.NONE,
                failover, () -> HealthyPair.snapshot(c), Duration.ofSeconds(5));
        loop.probed(HealthyPair.snapshot(c), System.nanoTime());
        loop.probed(crashed(c), System.nanoTime());
        Proposal p = loop.proposals().stream().filter(Proposal::promotes).findFirst().orElseThrow();

        long wholeDuringTheFailover = System.nanoTime();
        assertThat(loop.ack(p.id(), "alice", "n1 crashed").outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().operation() == null);
        assertThat(loop.status().state()).isEqualTo(ClusterState.SWITCHING);

        // after the end: a focused re-probe of n1 keeping the whole cycle that started during the failover
        loop.probedFocused(crashed(c), System.nanoTime(), wholeDuringTheFailover);
        assertThat(loop.status().state()).as(loop.status().sentence()).isEqualTo(ClusterState.SWITCHING);

        assertThat(loop.history(null).entries()).filteredOn(StateEntry.class::isInstance).map(StateEntry.class::cast)
                .filteredOn(s -> s.event() == TransitionEntry.Event.STATE && "SWITCHING".equals(s.from()))
                .as("no state read from a look taken during the failover").isEmpty();
    }
}
