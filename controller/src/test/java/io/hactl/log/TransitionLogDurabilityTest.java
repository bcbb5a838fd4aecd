package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.log.TransitionEntry.Event;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, the transition log off a failover's critical path: every line written at once and in
 * order, fsyncs grouped (one for the lines of a burst), a deferred line durable when {@code sync()}
 * returns, and what a crash between the write and the fsync leaves.
 */
class TransitionLogDurabilityTest {

    @TempDir
    Path dir;

    private final HeldFsyncs fsyncs = new HeldFsyncs();

    private static TransitionEntry line(String sentence) {
        return StateEntry.of(Instant.parse("2026-12-07T01:00:00Z"), "pair1", Event.DIAGNOSIS, null, null, sentence,
                null, "alice", null);
    }

    private List<String> sentences() {
        return new TransitionLog(dir).read().stream().map(e -> ((StateEntry) e).sentence()).toList();
    }

    @Test
    void aDeferredLineIsInTheFileWhenAppendReturnsAndDurableOnlyAfterItsFsync() throws Exception {
        TransitionLog log = fsyncs.log(dir);
        fsyncs.hold();
        log.deferred().append(line("step started"));
        // written at once: another reader, or hactl restarted after this process crashed, reads it
        assertThat(sentences()).containsExactly("step started");
        await().atMost(Duration.ofSeconds(10)).until(() -> fsyncs.started() == 1);
        CompletableFuture<Void> sync = CompletableFuture.runAsync(log::sync);
        // the fsync covering the line is held: sync() cannot have returned
        assertThat(fsyncs.done()).isZero();
        assertThat(sync).isNotDone();
        fsyncs.release();
        sync.get();
        assertThat(fsyncs.done()).isEqualTo(1);
    }

    @Test
    void oneFsyncCoversTheLinesOfABurst() {
        TransitionLog log = fsyncs.log(dir).deferred();
        fsyncs.hold();
        log.append(line("1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fsyncs.started() == 1);
        for (int i = 2; i <= 20; i++) {
            log.append(line(String.valueOf(i)));
        }
        fsyncs.release();
        log.sync();
        // the held one covered line 1; the next one every line written while it was held
        assertThat(fsyncs.done()).isBetween(1, 2);
        assertThat(sentences()).hasSize(20).first().isEqualTo("1");
    }

    @Test
    void aDurableAppendReturnsOnlyAfterAFsyncThatStartedAfterItsLine() throws Exception {
        TransitionLog log = fsyncs.log(dir);
        fsyncs.hold();
        log.deferred().append(line("deferred"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fsyncs.started() == 1);
        // the fsync in flight started before this line was written: it does not cover it
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> log.append(line("durable")));
        await().atMost(Duration.ofSeconds(10)).until(() -> sentences().size() == 2);
        assertThat(durable).isNotDone();
        fsyncs.release();
        durable.get();
        assertThat(fsyncs.done()).isEqualTo(2);
    }

    @Test
    void linesFromManyThreadsKeepEachThreadsOrderAndNoneIsLost() throws Exception {
        TransitionLog log = fsyncs.log(dir);
        TransitionLog deferred = log.deferred();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String name = "t" + t;
                TransitionLog via = t % 2 == 0 ? deferred : log;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        via.append(line(name + ":" + i));
                    }
                }, pool));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        log.sync();
        List<String> read = sentences();
        assertThat(read).hasSize(200);
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + ":";
            assertThat(read.stream().filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(3))).toList())
                    .isSorted().hasSize(50);
        }
        // grouped: fewer fsyncs than lines (the durable writers share the ones in flight)
        assertThat(fsyncs.done()).isLessThan(200);
    }

    @Test
    void aFailedBackgroundFsyncIsSaidBySyncAndTheLinesStayInTheFile() {
        TransitionLog log = fsyncs.log(dir);
        fsyncs.failing(true);
        log.deferred().append(line("written before the disk failed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fsyncs.started() >= 1);
        assertThatThrownBy(log::sync).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write the transition log " + log.file())
                .hasMessageContaining("Input/output error")
                .hasMessageContaining("check state_directory");
        // the crash between the write and the fsync: the line is in the file, the next sync makes it durable
        assertThat(sentences()).containsExactly("written before the disk failed");
        fsyncs.failing(false);
        log.sync();
        assertThat(fsyncs.done()).isEqualTo(1);
    }

    @Test
    void aLineTornByACrashBeforeItsFsyncDoesNotSpreadToTheNextLines() throws Exception {
        TransitionLog log = fsyncs.log(dir);
        log.deferred().append(line("whole"));
        // the process died mid-write: half a line, no newline, never fsynced
        java.nio.file.Files.writeString(log.file(), "{\"time\":\"2026-12-07T01:00:01Z\",\"ev",
                java.nio.file.StandardOpenOption.APPEND);
        TransitionLog restarted = fsyncs.log(dir);
        restarted.deferred().append(line("after the restart"));
        restarted.sync();
        TransitionLog.Contents c = new TransitionLog(dir).readAll();
        assertThat(c.entries()).extracting(e -> ((StateEntry) e).sentence()).containsExactly("whole", "after the restart");
        assertThat(c.damagedLines()).isEqualTo(1);
    }
}
