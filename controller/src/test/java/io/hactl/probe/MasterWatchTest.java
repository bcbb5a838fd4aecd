package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.probe.MasterWatch.Heard;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the watch wakes the prober the moment the master's server closes its session (kill -9: the
 * kernel closes the dead process's sockets), and stays quiet while a server leaves it unanswered
 * (SIGSTOP, a lost link). The sessions here are stand-ins; the real one ({@link SqlSessions}) is held
 * against the lab's MariaDB in MasterWatchLabIT.
 */
class MasterWatchTest {

    private final AtomicInteger wakes = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedSessions = new AtomicInteger();
    /** What the next listen hears. */
    private final AtomicReference<Heard> server = new AtomicReference<>(Heard.ANSWERED);
    private MasterWatch watch;

    @AfterEach
    void tearDown() {
        if (watch != null) {
            watch.close();
        }
    }

    private final MasterWatch.Sessions sessions = t -> {
        opened.incrementAndGet();
        return new MasterWatch.Opened(new MasterWatch.Session() {
            @Override
            public Heard listen() {
                Heard h = server.get();
                if (h == Heard.ANSWERED) {
                    sleep(20); // the server's wait
                }
                return h;
            }

            @Override
            public void close() {
                closedSessions.incrementAndGet();
            }
        }, null);
    };

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final MasterWatch.Target N1 = new MasterWatch.Target("198.51.100.11", 3306);

    @Test
    void theServerClosingTheSessionWakesTheProberAtOnce() {
        watch = new MasterWatch(() -> N1, wakes::incrementAndGet, sessions).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.get() == 1);
        long t0 = System.nanoTime();
        server.set(Heard.GONE);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> wakes.get() > 0);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms from the close to the wake").isLessThan(300);
        assertThat(closedSessions.get()).as("the session is ended (quit) by the watch").isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnansweredSessionWakesNothing_likeASigstoppedServerOrALostLink() {
        server.set(Heard.NOTHING);
        watch = new MasterWatch(() -> N1, wakes::incrementAndGet, sessions).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.get() >= 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> wakes.get() == 0);
    }

    @Test
    void aRefusedConnectWakesTheProber() {
        watch = new MasterWatch(() -> N1, wakes::incrementAndGet, t -> new MasterWatch.Opened(null, Heard.GONE)).start();
        await().atMost(Duration.ofSeconds(2)).until(() -> wakes.get() > 0);
    }

    @Test
    void aLivingServerKeepsOneSessionAndWakesNothing() {
        watch = new MasterWatch(() -> N1, wakes::incrementAndGet, sessions).start();
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> wakes.get() == 0);
        assertThat(opened.get()).as("one session while the server answers").isEqualTo(1);
    }

    @Test
    void anotherMasterEndsTheSessionAndOpensOneWithIt() {
        AtomicReference<MasterWatch.Target> target = new AtomicReference<>(N1);
        watch = new MasterWatch(target::get, wakes::incrementAndGet, sessions).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.get() == 1);
        target.set(new MasterWatch.Target("198.51.100.12", 3306));
        await().atMost(Duration.ofSeconds(3)).until(() -> opened.get() == 2 && closedSessions.get() == 1);
        assertThat(wakes.get()).isZero();
    }

    @Test
    void noTargetNoSession() {
        watch = new MasterWatch(() -> null, wakes::incrementAndGet, sessions).start();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> opened.get() == 0);
        assertThat(wakes.get()).isZero();
    }

    @Test
    void aWaitCutByTheServerIsGone_aWaitRunOutIsNothing() {
        SQLException lost = new SQLNonTransientConnectionException("Communications link failure", "08S01",
                new java.io.EOFException("Can not read response from server"));
        SQLException timedOut = new SQLException("Communications link failure", "08S01",
                new java.net.SocketTimeoutException("Read timed out"));
        SQLException login = new SQLException("Access denied for user 'hactl'", "28000", 1045);
        assertThat(SqlSessions.heard(lost)).isEqualTo(Heard.GONE);
        assertThat(SqlSessions.heard(timedOut)).isEqualTo(Heard.NOTHING);
        assertThat(SqlSessions.heard(login)).isEqualTo(Heard.NOTHING);
    }

    @Test
    void theWaitIsASecondOrUnderHalfTheReadTimeout() {
        assertThat(SqlSessions.sleepSeconds(Duration.ofSeconds(5))).isEqualTo("1.000");
        assertThat(SqlSessions.sleepSeconds(Duration.ofMillis(1000))).isEqualTo("0.450");
        assertThat(SqlSessions.sleepSeconds(Duration.ofMillis(100))).isEqualTo("0.100");
    }
}
