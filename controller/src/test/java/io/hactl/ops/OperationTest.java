package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operation framework's own logic: what is printed, what is logged, what a dry run does. */
class OperationTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private OperationRunner runner(boolean dryRun) {
        return new OperationRunner(new TransitionLog(dir), new PrintWriter(out, true), "pair1", "alice@host", "maintenance", dryRun);
    }

    @Test
    void stepsArePrintedAndLoggedWithWhoAndWhy() {
        List<String> done = new ArrayList<>();
        try (Operation op = runner(false).begin("master-set", "make n2 active")) {
            op.step("n1", "stop tomcat", () -> {
                done.add("stop");
                return "stopped";
            });
            op.skip("n2", "start backend", "already running");
            op.succeed("n2 is active");
        }
        assertThat(done).containsExactly("stop");
        assertThat(out.toString()).contains("master-set: make n2 active", "1. n1   stop tomcat ... ok: stopped (",
                "2. n2   start backend ... skipped: already running", "master-set: done. n2 is active");
        List<OperationEntry> log = new TransitionLog(dir).read(OperationEntry.class);
        assertThat(log).extracting(OperationEntry::event)
                .containsExactly(Event.OPERATION_START, Event.STEP_START, Event.STEP_END, Event.STEP_END,
                        Event.OPERATION_END);
        assertThat(log).allSatisfy(e -> {
            assertThat(e.who()).isEqualTo("alice@host");
            assertThat(e.why()).isEqualTo("maintenance");
            assertThat(e.cluster()).isEqualTo("pair1");
            assertThat(e.operationId()).isEqualTo(log.get(0).operationId());
        });
        assertThat(log.get(2).result()).isEqualTo("ok");
        assertThat(log.get(2).detail()).isEqualTo("stopped");
        assertThat(log.get(3).result()).isEqualTo("skipped");
        assertThat(log.get(4).elapsedMs()).isNotNull();
    }

    @Test
    void stepsDoNotWaitForTheirFsyncsAndTheEndWaitsForEveryLine() throws Exception {
        io.hactl.log.HeldFsyncs fsyncs = new io.hactl.log.HeldFsyncs();
        OperationRunner held = new OperationRunner(fsyncs.log(dir), new PrintWriter(out, true), "pair1", "alice@host",
                "maintenance", false);
        fsyncs.hold();
        Operation op = held.begin("failover", "promote n2");
        // issue 20: the lines are written at once, the steps go on while their fsync is held
        op.step("n2", "set read_only=OFF", () -> "writable");
        op.note("n2", "a note");
        assertThat(new TransitionLog(dir).read(OperationEntry.class)).extracting(OperationEntry::event)
                .containsExactly(Event.OPERATION_START, Event.STEP_START, Event.STEP_END, Event.NOTE);
        assertThat(fsyncs.done()).isZero();
        java.util.concurrent.CompletableFuture<Void> end = java.util.concurrent.CompletableFuture.runAsync(() -> {
            op.succeed("n2 is the master");
            op.close();
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> new TransitionLog(dir).read().size() == 5);
        assertThat(end).isNotDone();
        fsyncs.release();
        end.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(fsyncs.done()).isBetween(1, 5);
        assertThat(out.toString()).contains("failover: done. n2 is the master");
    }

    @Test
    void aDryRunRunsNoActionAndLogsNothing() {
        List<String> done = new ArrayList<>();
        try (Operation op = runner(true).begin("stop", "stop all on n1")) {
            op.step("n1", "stop tomcat", () -> {
                done.add("stop");
                return "stopped";
            });
            op.succeed("all stopped");
        }
        assertThat(done).isEmpty();
        assertThat(out.toString()).contains("[dry-run] stop: stop all on n1", "stop tomcat  (dry run: not done)",
                "nothing was changed");
        assertThat(new TransitionLog(dir).read()).isEmpty();
    }

    @Test
    void aFailedStepIsLoggedAndTheOperationEndsFailed() {
        assertThatThrownBy(() -> {
            try (Operation op = runner(false).begin("start", "start all on n1")) {
                op.step("n1", "start tomcat", () -> {
                    throw new StepFailed("tomcat did not start; read its log: /srv/tomcat/logs/catalina.out");
                });
            }
        }).isInstanceOfSatisfying(StepFailed.class, e -> assertThat(e.reported()).isTrue());
        assertThat(out.toString()).contains("start tomcat ... FAILED", "read its log: /srv/tomcat/logs/catalina.out");
        List<OperationEntry> log = new TransitionLog(dir).read(OperationEntry.class);
        assertThat(log.get(log.size() - 2).result()).isEqualTo("failed");
        assertThat(log.get(log.size() - 1).event()).isEqualTo(Event.OPERATION_END);
        assertThat(log.get(log.size() - 1).result()).isEqualTo("failed");
    }

    @Test
    void aRefusalSaysWhyAndWhatToDoAndIsLogged() {
        Refused r;
        try (Operation op = runner(false).begin("master-set", "make n2 active")) {
            r = op.refuse("n1 still answers for the VIP", "stop it first, or --force");
        }
        assertThat(r.reported()).isTrue();
        assertThat(out.toString()).contains("REFUSED: n1 still answers for the VIP", "what to do: stop it first, or --force",
                "nothing was changed");
        assertThat(new TransitionLog(dir).read(OperationEntry.class)).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.REFUSED);
            assertThat(e.detail()).contains("--force");
        });
    }

    @Test
    void aTornLastLineIsSkippedNotFatal() throws Exception {
        try (Operation op = runner(false).begin("stop", "x")) {
            op.succeed("y");
        }
        Files.writeString(dir.resolve(TransitionLog.FILE_NAME), "{\"time\":\"2026-11-25T1", StandardOpenOption.APPEND);
        assertThat(new TransitionLog(dir).read()).hasSize(2);
    }
}
