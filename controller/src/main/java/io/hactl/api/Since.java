package io.hactl.api;

import io.hactl.config.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code since} of a history request: an ISO time ({@code 2025-05-01T10:00:00Z}) or a duration back from now ({@code 2h}). */
public final class Since {

    private Since() {
    }

    /** Null or blank: null (everything). Throws IllegalArgumentException saying how to write it. */
    public static Instant parse(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (Character.isDigit(t.charAt(0)) && t.matches("\\d+(ms|s|m|h)")) {
            return clock.instant().minus(Durations.parse(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("since: '" + t + "' is neither a time nor a duration: write e.g."
                        + " 2025-05-01T10:00:00Z or 2h (units: ms, s, m, h)");
            }
        }
    }
}
