package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: on a first failed probe of the master the next probe comes after {@link Prober#REPROBE}
 * (a crash is then seen whole within a few hundred ms: the replica's IO thread gets its refusal
 * ~0.2 s after the kill), not a whole {@code probe.interval} later; a healthy pair keeps the interval.
 * Whether to re-probe is the owner's word, read after it assessed the cycle.
 */
class ProberTest {

    @TempDir
    Path dir;
    private final Inbox inbox = new Inbox(Clock.systemUTC());
    private Prober prober;

    @AfterEach
    void tearDown() {
        if (prober != null) {
            prober.close();
        }
        inbox.stop(Duration.ofSeconds(2));
    }

    private HactlConfig config() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        return ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
    }

    /** Starts a prober over a healthy pair's snapshot; {@code failingFrom}: from which probe on the owner says "failing". */
    private List<Long> run(HactlConfig c, int failingFrom) {
        List<Long> at = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failing = new AtomicBoolean();
        inbox.start(m -> {
            if (m instanceof Message.Awaited a) {
                a.handled().complete(null);
            }
        });
        prober = new Prober(c, new PrintWriter(new StringWriter(), true), inbox, () -> {
            at.add(System.nanoTime());
            failing.set(at.size() >= failingFrom);
            return HealthyPair.snapshot(c);
        }, failing::get);
        prober.start();
        return at;
    }

    private static long gapMillis(List<Long> at, int i) {
        return (at.get(i + 1) - at.get(i)) / 1_000_000;
    }

    @Test
    void aFirstFailedProbeIsFollowedByAFastReprobeNotTheNextCycle() throws Exception {
        HactlConfig c = config();
        long interval = c.probe().interval().toMillis();
        assertThat(interval).isGreaterThanOrEqualTo(1000);
        List<Long> at = run(c, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> at.size() >= 5);
        assertThat(gapMillis(at, 0)).as("healthy: the interval").isGreaterThanOrEqualTo(interval - 50);
        for (int i = 1; i < 4; i++) {
            assertThat(gapMillis(at, i)).as("failing: re-probed after %d ms", Prober.REPROBE.toMillis())
                    .isGreaterThanOrEqualTo(Prober.REPROBE.toMillis() - 20).isLessThan(interval / 2);
        }
    }

    @Test
    void aHealthyPairKeepsTheInterval() throws Exception {
        HactlConfig c = config();
        long interval = c.probe().interval().toMillis();
        List<Long> at = run(c, Integer.MAX_VALUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> at.size() >= 3);
        assertThat(gapMillis(at, 0)).isGreaterThanOrEqualTo(interval - 50);
        assertThat(gapMillis(at, 1)).isGreaterThanOrEqualTo(interval - 50);
    }

    @Test
    void whileAFailoverHoldsTheProbes_noCycleStarts_andOneStartsAtOnceWhenItsHoldCloses() throws Exception {
        HactlConfig c = config();
        long interval = c.probe().interval().toMillis();
        List<Long> at = run(c, Integer.MAX_VALUE);
        await().atMost(Duration.ofSeconds(5)).until(() -> at.size() >= 1);
        io.hactl.ops.ProbePause.Held held = prober.hold(Duration.ofSeconds(30));
        int before = at.size();
        prober.wake();   // the master watch's wake brings no cycle forward either
        await().during(Duration.ofMillis(2 * interval + 200)).atMost(Duration.ofMillis(3 * interval))
                .until(() -> at.size() == before);
        long closed = System.nanoTime();
        held.close();
        held.close();   // twice is once
        await().atMost(Duration.ofMillis(interval / 2)).until(() -> at.size() == before + 1);
        assertThat((at.get(before) - closed) / 1_000_000).as("the deferred cycle, at once").isLessThan(interval / 2);
        await().atMost(Duration.ofMillis(3 * interval)).until(() -> at.size() >= before + 2);
        assertThat(gapMillis(at, before)).as("then the interval again").isGreaterThanOrEqualTo(interval - 50);
    }

    @Test
    void aHoldThatIsNeverClosedEndsAtItsMost() throws Exception {
        HactlConfig c = config();
        long interval = c.probe().interval().toMillis();
        List<Long> at = run(c, Integer.MAX_VALUE);
        await().atMost(Duration.ofSeconds(5)).until(() -> at.size() >= 1);
        long from = System.nanoTime();
        prober.hold(Duration.ofMillis(interval + 500));
        int before = at.size();
        await().atMost(Duration.ofMillis(3 * interval)).until(() -> at.size() > before);
        assertThat((at.get(before) - from) / 1_000_000).as("not before the hold's most")
                .isGreaterThanOrEqualTo(interval + 500 - 20);
    }

    /** The owner's word, as a test sets it. */
    private static final class Word implements Prober.Word {
        volatile boolean reprobe;
        volatile String focus;
        volatile String master = "n1";

        @Override
        public boolean reprobeSoon() {
            return reprobe;
        }

        @Override
        public String focusOn() {
            return focus;
        }

        @Override
        public String master() {
            return master;
        }

        @Override
        public io.hactl.probe.MasterWatch.Target watchTarget() {
            return null;
        }
    }

    /** A prober whose whole cycle takes {@code wholeMillis}; the starts of whole cycles and focused re-probes. */
    private Prober focusing(HactlConfig c, Word word, long wholeMillis, List<Long> whole, List<Long> focused,
                            java.util.concurrent.CountDownLatch wholeRuns) {
        inbox.start(m -> {
            if (m instanceof Message.Awaited a) {
                a.handled().complete(null);
            }
        });
        return new Prober(c, new PrintWriter(new StringWriter(), true), inbox, () -> {
            whole.add(System.nanoTime());
            wholeRuns.countDown();
            try {
                Thread.sleep(wholeMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthyPair.snapshot(c);
        }, (last, master) -> {
            focused.add(System.nanoTime());
            return last == null ? null : HealthyPair.snapshot(c);
        }, word);
    }

    @Test
    void theMasterWatchsWakeStartsAFocusedReprobeAtOnce_notAfterTheRunningCycle() throws Exception {
        HactlConfig c = config();
        Word word = new Word();
        List<Long> whole = Collections.synchronizedList(new ArrayList<>());
        List<Long> focused = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(2);
        prober = focusing(c, word, 900, whole, focused, second);
        prober.start();
        // the second whole cycle runs (the first gave the focused re-probe its last whole snapshot)
        assertThat(second.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long woke = System.nanoTime();
        prober.wake();
        await().atMost(Duration.ofSeconds(2)).until(() -> !focused.isEmpty());
        long after = (focused.get(0) - woke) / 1_000_000;
        assertThat(after).as("ms from the wake to the focused re-probe, a 900 ms cycle running")
                .isLessThan(Prober.WAKE_LOOK.toMillis() + 250);
        assertThat(whole).as("the running cycle is not cut short, nor a second one started").hasSize(2);
    }

    @Test
    void whileTheOwnerSaysFocus_theReprobesAreFocusedAndQuick_theWholeCyclesKeepTheInterval() throws Exception {
        HactlConfig c = config();
        long interval = c.probe().interval().toMillis();
        Word word = new Word();
        word.focus = "n1";
        word.reprobe = true;
        List<Long> whole = Collections.synchronizedList(new ArrayList<>());
        List<Long> focused = Collections.synchronizedList(new ArrayList<>());
        prober = focusing(c, word, 10, whole, focused, new java.util.concurrent.CountDownLatch(1));
        prober.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> whole.size() >= 3);
        assertThat(gapMillis(whole, 0)).as("whole cycles: the interval").isGreaterThanOrEqualTo(interval - 50);
        assertThat(gapMillis(whole, 1)).as("whole cycles: the interval").isGreaterThanOrEqualTo(interval - 50);
        assertThat(focused.size()).as("focused re-probes between two whole cycles").isGreaterThan(4);
        word.focus = null;
        word.reprobe = false;
        int n = focused.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> whole.size() >= 5);
        assertThat(focused.size()).as("no focused re-probe once the owner stops asking").isLessThanOrEqualTo(n + 1);
    }
}
