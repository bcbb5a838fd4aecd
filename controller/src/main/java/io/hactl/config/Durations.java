package io.hactl.config;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/** Durations as written in hactl.yml: a whole number and a unit, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private Durations() {
    }

    /**
     * Parses {@code text} with Spring Boot's {@link DurationStyle}, once it has hactl's form (a
     * unit always: Boot would read {@code 30} as 30 milliseconds);
     * throws IllegalArgumentException with a message that says how to write it.
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        if (FORMAT.matcher(t).matches()) {
            return DurationStyle.SIMPLE.parse(t);
        }
        if (BARE_NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' has no unit: write e.g. " + t + "s (units: ms, s, m, h)");
        }
        throw new IllegalArgumentException("'" + t + "' is not a duration: write a whole number and a unit,"
                + " e.g. 500ms, 2s, 1m, 1h");
    }

    /** The shortest exact form: 1500ms, 2s, 1m, 1h. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
