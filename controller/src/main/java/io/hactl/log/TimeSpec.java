package io.hactl.log;

import io.hactl.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as an operator writes it on the command line ({@code hactl history --since},
 * {@code hactl report --from/--to}):
 * <ul>
 *   <li>a time ago: {@code 30m}, {@code 2h}, {@code 90s}, {@code 2d} (a duration before now);
 *   <li>an ISO instant: {@code 2026-12-01T19:02:03Z}, {@code 2026-12-01T20:02:03+01:00};
 *   <li>a UTC date and time as {@code hactl history} prints it: {@code 2026-12-01 19:02},
 *       {@code 2026-12-01 19:02:03}, {@code 2026-12-01 19:02:03.120} (a {@code T} instead of the
 *       space also works), or a date alone, {@code 2026-12-01} (midnight UTC);
 *   <li>{@code now}.
 * </ul>
 */
public final class TimeSpec {

    /** What the forms are, for help texts and error messages. */
    public static final String FORMS = "a time ago (30m, 2h, 2d), a UTC time as history prints it"
            + " (2026-12-01 19:02 or 2026-12-01 19:02:03), an ISO instant (2026-12-01T19:02:03Z) or now";

    private static final Pattern DAYS = Pattern.compile("(\\d{1,5})d");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .toFormatter();

    private TimeSpec() {
    }

    /** Parses {@code text} against {@code now}; throws IllegalArgumentException that says how to write it. */
    public static Instant parse(String text, Instant now) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher days = DAYS.matcher(t);
        if (days.matches()) {
            return now.minus(Duration.ofDays(Long.parseLong(days.group(1))));
        }
        if (t.matches("\\d{1,9}(ms|s|m|h)")) {
            return now.minus(Durations.parse(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset: the other forms
        }
        try {
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // not a date and time
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // not a date
        }
        if (t.matches("\\d+")) {
            throw new IllegalArgumentException("'" + t + "' has no unit: write e.g. " + t + "m for " + t
                    + " minutes ago (units: s, m, h, d)");
        }
        throw new IllegalArgumentException("'" + t + "' is not a time: write " + FORMS);
    }
}
