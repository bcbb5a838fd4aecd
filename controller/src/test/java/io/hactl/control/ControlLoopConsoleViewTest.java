package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.ProbeSnapshot;
import io.hactl.pair.OperationJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web console's pair page reads of the running controller besides its status (issue 17):
 * the last probe cycle's snapshot, and the running (or last) operation's lines from the transition
 * log, the one place operations record their steps.
 */
class ControlLoopConsoleViewTest {

    @TempDir
    Path dir;

    HactlConfig cfg;
    ControlLoop loop;
    ProbeSnapshot probed;

    @BeforeEach
    void setUp() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        probed = HealthyPair.snapshot(cfg);
        loop = new ControlLoop(cfg, new PrintWriter(new StringWriter(), true), Clock.systemUTC(),
                ControllerEvents.NONE, null, () -> probed, Duration.ofSeconds(5), StepGate.OPEN);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void theLastProbeSnapshotIsEmptyBeforeTheFirstCycleThenTheOneTheCycleSaw() {
        assertThat(loop.lastSnapshot()).isEmpty();
        loop.cycle();
        assertThat(loop.lastSnapshot()).containsSame(probed);
    }

    @Test
    void theLastOperationIsItsLinesInTheTransitionLogTheRunningOneBeforeAnEndedOne() {
        assertThat(loop.lastOperation()).isEmpty();
        OperationJournal done = journal("switchover");
        done.started("n2 becomes the master");
        done.stepStarted("n2", "promote");
        done.stepEnded("n2", "promote", "ok", "read_only off", 20);
        done.end("ok", "n2 is the master");
        assertThat(loop.lastOperation()).extracting(OperationEntry::event)
                .containsExactly(Event.OPERATION_START, Event.STEP_START, Event.STEP_END, Event.OPERATION_END);

        OperationJournal running = journal("failover");
        running.started("promote n2");
        running.stepStarted("n1", "fence n1");
        OperationJournal backup = journal("backup");
        backup.started("a copy of n2");
        backup.end("ok", "copied");
        assertThat(loop.lastOperation()).extracting(OperationEntry::operationId).containsOnly(running.id());
        assertThat(loop.lastOperation()).extracting(OperationEntry::step).containsExactly(null, "fence n1");
    }

    private OperationJournal journal(String name) {
        return new OperationJournal(new io.hactl.log.TransitionLog(cfg.stateDirectory()), cfg.clusterName(), name,
                "alice", "test", false);
    }
}
