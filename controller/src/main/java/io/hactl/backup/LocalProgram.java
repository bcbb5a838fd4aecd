package io.hactl.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program on this machine whose input or output is a stream too large to hold (mbstream -x fed
 * by a node's mariadb-backup, tar read into zstd): started with its argv (no shell), its stderr
 * kept (the last 16 KB: {@link StderrTail}), waited for with a limit, killed by its PID.
 */
public final class LocalProgram implements AutoCloseable {

    private final List<String> argv;
    private final Process process;
    private final StderrTail stderr;

    private LocalProgram(List<String> argv, Process process) {
        this.argv = argv;
        this.process = process;
        this.stderr = StderrTail.drain(process.getErrorStream(), "stderr-" + argv.get(0));
    }

    /** Starts {@code argv}; {@code stdinNull}: its input is /dev/null (else {@link #stdin()}). */
    public static LocalProgram start(List<String> argv, boolean stdinNull) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (stdinNull) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        return new LocalProgram(List.copyOf(argv), pb.start());
    }

    /**
     * Starts {@code argv} with its standard output written straight into {@code stdout} (an existing file, emptied:
     * its mode kept), so its bytes never cross this process ({@link AtomicFile#absorb}); its input is {@link #stdin()}.
     */
    public static LocalProgram startInto(List<String> argv, java.nio.file.Path stdout) throws IOException {
        return new LocalProgram(List.copyOf(argv), new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile())).start());
    }

    /**
     * Waits up to {@code most} for it to end; true when it has ended (at once when it ends meanwhile: the pace of a
     * watch that also looks at what it wrote, not a sleep).
     */
    public boolean ended(Duration most) throws InterruptedException {
        return process.waitFor(most.toMillis(), TimeUnit.MILLISECONDS);
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its exit code, or -1 when it did not end within {@code limit} (then killed). */
    public int await(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(Duration.ZERO);
                return -1;
            }
            stderr.await();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(Duration.ZERO);
            return -1;
        }
    }

    /** SIGTERM to its PID, {@code grace} to end, then SIGKILL. */
    public void kill(Duration grace) {
        ProcessHandle h = process.toHandle();
        h.destroy();
        try {
            if (!grace.isZero() && h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS) != null) {
                return;
            }
        } catch (Exception e) {
            // still running: killed below
        }
        h.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "mbstream on this machine exited 2: ...LAST LINES" (mariadb-backup logs every file: the end says what went wrong). */
    public String describe(int exit) {
        return argv.get(0) + " on this machine " + (exit == -1 ? "did not end in time (killed)" : "exited " + exit)
                + tail(stderr.text());
    }

    /** The last three lines of a tool's stderr, one line; "" when it said nothing. */
    static String tail(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ": ..." + io.hactl.node.Excerpt.of(String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                lines.size()))).replace('\n', ' ').strip();
    }

    public String stderr() {
        return stderr.text();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill(Duration.ZERO);
        }
    }
}
