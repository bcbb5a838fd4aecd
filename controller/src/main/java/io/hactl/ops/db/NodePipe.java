package io.hactl.ops.db;

import io.hactl.node.Excerpt;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.pair.StepFailed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * One node's command's output into another node's command's input, through this process (the
 * physical rebuild: mariadb-backup on the master into mbstream on the node). The nodes need not
 * trust each other over SSH: this process holds both SSH sessions. The bytes pass a 1 MB pipe,
 * never held; the target's end runs in a thread of its own. A failed source ends the pipe as
 * aborted, so the target never sees the end of a cut stream (its channel is closed instead); a
 * target that fails closes the pipe, which stops the source.
 */
final class NodePipe {

    private static final int BUFFER = 1 << 20;

    private NodePipe() {
    }

    /**
     * Runs both commands; returns the bytes that went across. A {@link StepFailed} names the side
     * that failed first (the target's own error before the source's broken pipe), its exit code
     * and the last lines of its stderr; a full disk on the target says where to free space
     * ({@code targetDir}).
     */
    static long copy(NodeShell from, String fromCommand, NodeShell to, String toCommand, String targetDir,
                     Duration stall, LongConsumer onBytes) {
        LogicalRebuild.Pipe pipe;
        try {
            pipe = new LogicalRebuild.Pipe(BUFFER);
        } catch (IOException e) {
            throw new StepFailed("cannot open the pipe between the two nodes: " + e.getMessage(), e);
        }
        AtomicReference<SshShell.StreamResult> extracted = new AtomicReference<>();
        AtomicReference<Exception> extractFailure = new AtomicReference<>();
        Thread extract = new Thread(() -> {
            try (var in = pipe.input()) {
                extracted.set(to.stream(toCommand, in, OutputStream.nullOutputStream(), stall, b -> { }));
            } catch (IOException | RuntimeException e) {
                extractFailure.set(e);
            }
        }, "node-pipe-target");
        extract.setDaemon(true);
        extract.start();
        SshShell.StreamResult source = null;
        Exception sourceFailure = null;
        try {
            source = from.stream(fromCommand, new ByteArrayInputStream(new byte[0]), pipe.output(), stall, onBytes);
        } catch (IOException | RuntimeException e) {
            sourceFailure = e;
        } finally {
            pipe.end(sourceFailure == null && source != null && source.ok());
        }
        try {
            extract.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted during the copy");
        }
        SshShell.StreamResult x = extracted.get();
        boolean targetFailed = extractFailure.get() != null || x == null || !x.ok();
        boolean sourceFailed = sourceFailure != null || source == null || !source.ok();
        String target = "mbstream -x on " + to.node() + " " + (extractFailure.get() != null
                ? extractFailure.get().getMessage() : x == null ? "did not run" : words(x))
                + DiskHint.of(x == null ? "" : x.stderr(), to.node(), targetDir);
        // the target's own error first: the source then only saw its pipe close
        if (targetFailed && x != null && x.exit() > 0) {
            throw new StepFailed("the copy stopped: " + target);
        }
        if (sourceFailed) {
            throw new StepFailed("the copy stopped: mariadb-backup on " + from.node() + " "
                    + (sourceFailure != null ? sourceFailure.getMessage() : source == null ? "did not run" : words(source)));
        }
        if (targetFailed) {
            throw new StepFailed("the copy stopped: " + target);
        }
        return source.bytes();
    }

    /** "exited 137 (killed): ...LAST LINES", with the stream's own error first when there is one. */
    private static String words(SshShell.StreamResult r) {
        return (r.error() != null ? r.error() + ", " : "") + "exited " + r.exit()
                + (r.exit() == 137 || r.exit() == 143 ? " (killed)" : "") + tail(r.stderr());
    }

    /** The last lines of a tool's stderr (mariadb-backup logs every file: the end says what went wrong). */
    static String tail(String stderr) {
        if (stderr == null || stderr.isBlank()) {
            return "";
        }
        List<String> lines = stderr.strip().lines().toList();
        String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return ": ..." + Excerpt.of(last).replace('\n', ' ').strip();
    }

    /** The "disk full" words for the target's error, with where to free space. */
    static final class DiskHint {
        private DiskHint() {
        }

        static String of(String stderr, String node, String dir) {
            return stderr != null && (stderr.contains("No space left") || stderr.contains("errno 28"))
                    ? " (" + node + "'s disk is full in " + dir + ": free space there, then again)" : "";
        }
    }
}
