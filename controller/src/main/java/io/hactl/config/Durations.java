package io.hactl.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in hactl.yml: a whole number and a unit, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private Durations() {
    }

    /** Parses {@code text}; throws IllegalArgumentException with a message that says how to write it. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = FORMAT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
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
