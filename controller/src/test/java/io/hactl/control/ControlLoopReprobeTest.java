package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.DbProcess;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the owner asks for a fast re-probe while the master has just failed and nothing is decided,
 * and the controller proposes the failover of a crashed master from the one cycle that shows it whole.
 */
class ControlLoopReprobeTest {

    @TempDir
    Path dir;
    private ControlLoop loop;
    private final AtomicReference<ProbeSnapshot> next = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private HactlConfig start() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        loop = new ControlLoop(c, new PrintWriter(new StringWriter(), true), Clock.systemUTC(), ControllerEvents.NONE,
                null, next::get, Duration.ofSeconds(5));
        return c;
    }

    /** The pair with its master's node changed by {@code master} and its replica's IO thread in {@code io}. */
    private static ProbeSnapshot changed(HactlConfig c, UnaryOperator<NodeProbe> master, ReplicaStatus io) {
        ProbeSnapshot h = HealthyPair.snapshot(c);
        NodeProbe m = master.apply(h.nodes().get(0));
        NodeProbe r = h.nodes().get(1);
        DbProbe d = r.db();
        r = new NodeProbe(r.name(), r.address(), r.ping(), r.shell(), r.addresses(), r.macAddress(),
                new DbProbe(true, null, d.flavor(), d.version(), true, io, d.gtidCurrentPos(), d.gtidBinlogPos(),
                        d.binlogFile(), d.binlogPosition()), r.services());
        return new ProbeSnapshot(h.cluster(), h.takenAt(), h.elapsed(), List.of(m, r), h.dbVip(), h.appVip());
    }

    private static NodeProbe refused(NodeProbe n) {
        return new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                DbProbe.notResponding(DbProbe.Failure.REFUSED, "Communications link failure (ConnectException:"
                        + " Connection refused)"), n.services());
    }

    private static ReplicaStatus refusedReplica(NodeConfig master) {
        return new ReplicaStatus(master.address(), 3306, "Connecting", true, null, 2003, "error reconnecting to"
                + " master 'repl@" + master.address() + ":3306' - retry-time: 1  maximum-retries: 100000  message:"
                + " Can't connect to server on '" + master.address() + "' (111 \"Connection refused\")", 0, "",
                "0-1-42", "Slave_Pos");
    }

    @Test
    void aFirstFailedProbeAsksForAFastReprobe_aDecidedOneDoesNot() throws Exception {
        HactlConfig c = start();
        next.set(HealthyPair.snapshot(c));
        loop.cycle();
        assertThat(loop.reprobeSoon()).as("healthy").isFalse();
        assertThat(loop.watchTarget()).as("the master is watched while it answers")
                .isEqualTo(new io.hactl.probe.MasterWatch.Target(c.nodes().get(0).address(), c.database().port()));
        // refused, the replica still streaming: not yet seen whole
        next.set(changed(c, ControlLoopReprobeTest::refused, HealthyPair.snapshot(c).nodes().get(1).db().replica()));
        loop.cycle();
        assertThat(loop.reprobeSoon()).as("first failed probe, undecided").isTrue();
        assertThat(loop.watchTarget()).as("failing: the re-probes look, not the watch").isNull();
        assertThat(loop.proposals()).isEmpty();
        // the fast re-probe sees it whole: proposed at once, nothing more to re-probe for
        next.set(changed(c, n -> refused(n).withDbProcess(new DbProcess(false, 4242L, "/srv/n1/mariadbd.pid")),
                refusedReplica(c.nodes().get(0))));
        loop.cycle();
        assertThat(loop.proposals()).hasSize(1);
        assertThat(loop.proposals().get(0).sentence()).contains("crashed, decided on definitive evidence",
                "no mariadbd/mysqld process");
        assertThat(loop.reprobeSoon()).as("decided").isFalse();
    }

    @Test
    void aMasterRefusingWhileItsShellAnswersIsReprobedFocused_aTimeoutIsLeftToWholeCycles() throws Exception {
        HactlConfig c = start();
        next.set(HealthyPair.snapshot(c));
        loop.cycle();
        assertThat(loop.focusOn()).as("healthy").isNull();
        ReplicaStatus streaming = HealthyPair.snapshot(c).nodes().get(1).db().replica();
        next.set(changed(c, ControlLoopReprobeTest::refused, streaming));
        loop.cycle();
        assertThat(loop.focusOn()).as("refused, its shell answers: what decides is looked at again").isEqualTo("n1");

        loop.close();
        c = start();
        next.set(HealthyPair.snapshot(c));
        loop.cycle();
        next.set(changed(c, n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(),
                n.macAddress(), DbProbe.notResponding(DbProbe.Failure.TIMEOUT, "connect timed out"), n.services()),
                streaming));
        loop.cycle();
        assertThat(loop.reprobeSoon()).as("failing, undecided").isTrue();
        assertThat(loop.focusOn()).as("a timeout: a partition or a hung server, whole cycles decide").isNull();
    }

    @Test
    void aSnapshotWhoseProbesStartedBeforeTheLastAssessedOneIsLeftOut() throws Exception {
        HactlConfig c = start();
        long t0 = System.nanoTime();
        loop.probed(HealthyPair.snapshot(c), t0);
        // a focused re-probe, started 400 ms later, sees the crash whole: proposed
        loop.probed(changed(c, n -> refused(n).withDbProcess(new DbProcess(false, 4242L, "/srv/n1/mariadbd.pid")),
                refusedReplica(c.nodes().get(0))), t0 + 400_000_000L);
        assertThat(loop.proposals()).hasSize(1);
        // the whole cycle that ran meanwhile (started 200 ms after the first) read n1 before the kill
        loop.probed(HealthyPair.snapshot(c), t0 + 200_000_000L);
        assertThat(loop.proposals()).as("not withdrawn by an older look").singleElement()
                .satisfies(p -> assertThat(p.pending()).isTrue());
        assertThat(loop.status().state()).isEqualTo(io.hactl.state.ClusterState.FAILOVER_PROPOSED);
    }
}
