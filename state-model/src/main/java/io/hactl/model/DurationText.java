package io.hactl.model;

import java.time.Duration;
import java.util.Locale;

/**
 * The one way hactl prints a duration. There are four styles because there are four
 * kinds of reader, and each style is one named method here (issue 15: there used to be
 * eight formatters, one per class):
 * <ul>
 * <li>{@link #config}: a configured value (a timeout, {@code failover.block_period}, a
 * flag) in the syntax the config file and the flags take, so the reader can copy it back;
 * <li>{@link #seconds}: a measured time to the tenth of a second, where seconds are the
 * unit of the sentence ("not answering for 3.1 s", "12 MB in 4.1 s");
 * <li>{@link #human}: a measured span that can last from milliseconds to days (time in a
 * state, "since ... ago", an operation's length in a report);
 * <li>{@link #compact}: the same without spaces, for alert lines that must stay short.
 * </ul>
 * Pure; no locale-dependent output.
 */
public final class DurationText {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private DurationText() {
    }

    /** The shortest exact form the config file and the flags take: 250ms, 1500ms, 2s, 90s, 1m, 1h; null → "-". */
    public static String config(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms % HOUR == 0 && ms > 0) {
            return ms / HOUR + "h";
        }
        if (ms % MINUTE == 0 && ms > 0) {
            return ms / MINUTE + "m";
        }
        if (ms % SECOND == 0) {
            return ms / SECOND + "s";
        }
        return ms + "ms";
    }

    /** A measured time to the tenth of a second: 0.0 s, 3.1 s, 125.4 s. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * A measured span: 80 ms, 1.1 s, 2m 06s, 1h 02m, 3d 04h. Each form is truncated (never
     * rounded up), so a span never reads longer than it was; negative spans read 0 ms.
     */
    public static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < SECOND) {
            return ms + " ms";
        }
        if (ms < MINUTE) {
            return ms / SECOND + "." + (ms % SECOND) / 100 + " s";
        }
        if (ms < HOUR) {
            return String.format(Locale.ROOT, "%dm %02ds", ms / MINUTE, ms % MINUTE / SECOND);
        }
        if (ms < DAY) {
            return String.format(Locale.ROOT, "%dh %02dm", ms / HOUR, ms % HOUR / MINUTE);
        }
        return String.format(Locale.ROOT, "%dd %02dh", ms / DAY, ms % DAY / HOUR);
    }

    /** A measured span for alert lines: 850ms, 12s, 4m12s, 2h05m (truncated; negative reads 0ms). */
    public static String compact(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < SECOND) {
            return ms + "ms";
        }
        if (ms < MINUTE) {
            return ms / SECOND + "s";
        }
        if (ms < HOUR) {
            return String.format(Locale.ROOT, "%dm%02ds", ms / MINUTE, ms % MINUTE / SECOND);
        }
        return String.format(Locale.ROOT, "%dh%02dm", ms / HOUR, ms % HOUR / MINUTE);
    }
}
