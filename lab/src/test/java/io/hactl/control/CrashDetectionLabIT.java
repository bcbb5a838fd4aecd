package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.pair.PairLock;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, tell a crash from a silence, on the real lab with {@code failover.down_after} raised to
 * 10 s: kill -9 of n1's mariadbd is proposed for failover well under it, the sentence naming the
 * definitive evidence (host answers, port refused, no mariadbd process, the replica refused with
 * 2003); a SIGSTOPped mariadbd (present, silent: a timeout) and a backup pausing the replica while
 * the master dies make no early decision. (The 2 s link blip and the controller-only partition are
 * ControllerLabIT's, with the lab's down_after of 1 s.)
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class CrashDetectionLabIT {

    static final Duration DOWN_AFTER = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private ControlLoop loop;
    private StringWriter out;

    @BeforeEach
    void setUp(Lab lab) throws IOException {
        Path file = LabConfigs.withOwnState(lab, tmp, yml -> yml
                .replace("listen: 127.0.0.1:8642", "listen: 127.0.0.1:18643")
                .replace("down_after: 1s", "down_after: " + DOWN_AFTER.toSeconds() + "s"));
        cfg = ConfigLoader.load(file);
        assertThat(cfg.failover().downAfter()).isEqualTo(DOWN_AFTER);
    }

    @AfterEach
    void tearDown(Lab lab) {
        if (loop != null) {
            loop.close();
            System.out.println("[controller-log]\n" + out);
        }
        lab.heal();
    }

    /** A controller on the healthy lab, once it has read n1's pid file and seen its mariadbd run. */
    private void startController() {
        out = new StringWriter();
        loop = new ControlLoop(cfg, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE);
        loop.start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(loop.status().state()).as(loop.status().sentence()).isEqualTo(ClusterState.ACTIVE_SYNCED);
            assertThat(n1().dbProcess()).as("n1's mariadbd seen by its pid file").isNotNull();
            assertThat(n1().dbProcess().running()).isTrue();
        });
    }

    private NodeProbe n1() {
        return loop.lastSnapshot().flatMap(s -> s.node("n1")).orElseThrow();
    }

    private Proposal pending() {
        return loop.status().proposals().stream().filter(p -> p.kind() == Proposal.Kind.FAILOVER).findFirst()
                .orElse(null);
    }

    /** No failover proposal and no MASTER_DOWN for {@code d} (a condition held over time, not a sleep). */
    private void noDecisionDuring(Duration d) {
        await().during(d).atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                pending() == null && loop.status().state() != ClusterState.MASTER_DOWN);
    }

    @Test
    void masterKilled_failoverProposedAtOnce_wellUnderDownAfter_theSentenceNamesTheEvidence(Lab lab) {
        startController();
        long t0 = System.nanoTime();
        assertThat(lab.killMariadb("n1")).isTrue();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> pending() != null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Proposal p = pending();
        System.out.println("[crash] kill -9 -> FAILOVER proposal: " + ms + " ms; " + p.sentence());
        assertThat(ms).as("kill -> proposal, down_after %s", DOWN_AFTER).isLessThan(DOWN_AFTER.toMillis() / 3);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.sentence()).contains("master n1 crashed, decided on definitive evidence",
                "its database port refuses connections (nothing listens)", "no mariadbd/mysqld process",
                "decided at once, not after failover.down_after 10.0 s");
        // the replica's first reconnect is refused (2003), or reaches the dying server's listening socket and is
        // reset before the greeting (2013, system error 104): both are the replica's own view of a refusal
        assertThat(p.sentence()).containsAnyOf(
                "replica n2's IO thread gets error 2003 connecting to it (connection refused)",
                "replica n2's IO thread gets error 2013 connecting to it (connection reset by its host before the"
                        + " server's greeting)");
        assertThat(n1().db().failure()).isEqualTo(DbProbe.Failure.REFUSED);
        // the lab's semi-sync was on at n1's last answering probe: the risk says what that means
        assertThat(p.sentence()).contains("semi-sync was on at n1's last probe (AFTER_SYNC, 1 replica acknowledging):"
                + " n1 acknowledged no commit n2 had not received");
    }

    @Test
    void sigstoppedMariadb_aTimeoutWithTheProcessPresent_noEarlyDecision(Lab lab) {
        startController();
        assertThat(lab.pauseMariadb("n1")).isTrue();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> loop.status().state() == ClusterState.MASTER_UNREACHABLE);
            noDecisionDuring(Duration.ofSeconds(4));
            assertThat(n1().db().failure()).as(n1().db().error()).isEqualTo(DbProbe.Failure.TIMEOUT);
            assertThat(n1().dbProcess().running()).isTrue();
        } finally {
            lab.resumeMariadb("n1");
        }
        await().atMost(WAIT).until(() -> loop.status().state() == ClusterState.ACTIVE_SYNCED);
    }

    @Test
    void backupPausingTheReplica_masterKilled_noEarlyDecision(Lab lab) {
        startController();
        try (PairLock backup = PairLock.acquire(cfg.stateDirectory(), "backup", "b-lab", "lab-test")) {
            lab.sqlAsRoot("n2", "STOP SLAVE");
            assertThat(lab.killMariadb("n1")).isTrue();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> loop.status().state() == ClusterState.MASTER_UNREACHABLE);
            assertThat(loop.status().sentence()).contains("paused by");
            noDecisionDuring(Duration.ofSeconds(4));
            assertThat(n1().dbProcess().running()).isFalse();
        } finally {
            lab.sqlAsRoot("n2", "START SLAVE");
        }
    }
}
