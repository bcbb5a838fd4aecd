package io.hactl.backup;

import io.hactl.model.DurationText;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one long transfer. On a terminal: one line redrawn in place (at most four
 * times a second) with bytes, tables, rate and ETA, erased when the transfer ends. Not on
 * a terminal (cron, logs, tests): a plain line every {@link #PLAIN_EVERY_NANOS} at most,
 * so a log shows that a long step is alive without a line per buffer.
 */
public final class Progress {

    static final long TTY_EVERY_NANOS = 250_000_000L;
    static final long PLAIN_EVERY_NANOS = 15_000_000_000L;
    /** The plain interval of {@link #everyFewSeconds}: a rebuild's copy, followed by an operator. */
    static final long FEW_SECONDS_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean tty;
    private final LongSupplier clock;
    private final long plainEvery;
    private String label = "";
    private long expectedBytes;
    private int expectedTables;
    private long started;
    private long lastShown;
    private boolean drawn;

    public Progress(PrintWriter out, boolean tty, LongSupplier clock) {
        this(out, tty, clock, PLAIN_EVERY_NANOS);
    }

    private Progress(PrintWriter out, boolean tty, LongSupplier clock, long plainEvery) {
        this.out = out;
        this.tty = tty;
        this.clock = clock;
        this.plainEvery = plainEvery;
    }

    /**
     * For a copy an operator watches inside an operation's step (a replica's rebuild): a plain
     * line every 5 s on {@code out} (no live line: it would erase the step's own line); null
     * {@code out}: silent.
     */
    public static Progress everyFewSeconds(PrintWriter out, LongSupplier clock) {
        return new Progress(out, false, clock, FEW_SECONDS_NANOS);
    }

    /** For a command: a live line on stderr when there is a terminal, else plain lines on {@code out}. */
    public static Progress forCommand(PrintWriter out, PrintWriter err) {
        boolean tty = System.console() != null;
        return new Progress(tty ? err : out, tty, System::nanoTime);
    }

    /**
     * For a command's long copies (a backup's components): the live line on a terminal, else a plain
     * line every 5 s, as {@link #everyFewSeconds}.
     */
    public static Progress forCopy(PrintWriter out, PrintWriter err) {
        return System.console() != null ? new Progress(err, true, System::nanoTime)
                : everyFewSeconds(out, System::nanoTime);
    }

    /** No output at all. */
    public static Progress silent() {
        return new Progress(null, false, System::nanoTime);
    }

    /** @param expectedBytes an estimate (0: unknown, no ETA); @param expectedTables 0: unknown */
    public void start(String label, long expectedBytes, int expectedTables) {
        this.label = label;
        this.expectedBytes = expectedBytes;
        this.expectedTables = expectedTables;
        this.started = clock.getAsLong();
        this.lastShown = started;
        this.drawn = false;
    }

    public void update(long bytes, int tables, String table) {
        if (out == null) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastShown < (tty ? TTY_EVERY_NANOS : plainEvery)) {
            return;
        }
        lastShown = now;
        String text = ControlChars.escape(line(bytes, tables, table, now - started));
        if (tty) {
            out.print("\r\033[K" + text);
            drawn = true;
        } else {
            out.println("      ... " + text);
        }
        out.flush();
    }

    /** Erases the live line (the caller then prints the step's result). */
    public void finish() {
        if (out != null && tty && drawn) {
            out.print("\r\033[K");
            out.flush();
        }
        drawn = false;
    }

    String line(long bytes, int tables, String table, long elapsedNanos) {
        StringBuilder b = new StringBuilder();
        b.append(label).append("  ").append(bytes(bytes));
        if (tables > 0) {
            b.append("  table ").append(tables);
            if (expectedTables > 0) {
                b.append('/').append(expectedTables);
            }
            if (table != null) {
                b.append(' ').append(table.length() > 30 ? table.substring(0, 29) + "…" : table);
            }
        }
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? bytes / seconds : 0;
        b.append("  ").append(bytes((long) rate)).append("/s");
        if (expectedBytes > 0 && rate > 0) {
            long left = Math.max(0, expectedBytes - bytes);
            b.append(bytes < expectedBytes ? "  ETA ~" + clock((long) (left / rate)) : "  ETA ~0:00 (past the estimate)");
        }
        return b.toString();
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** "12.3 MB in 4.1 s (3.0 MB/s)". */
    public static String summary(long bytes, long nanos) {
        double s = nanos / 1e9;
        return bytes(bytes) + " in " + DurationText.seconds(Duration.ofNanos(nanos))
                + (s > 0 ? " (" + bytes((long) (bytes / s)) + "/s)" : "");
    }
}
