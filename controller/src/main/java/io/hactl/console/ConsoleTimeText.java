package io.hactl.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the console's pages write a time: UTC, to the second, as {@code hactl} prints it elsewhere;
 * the pages get it as the model's {@code times} (Thymeleaf may not call static methods).
 */
public final class ConsoleTimeText {

    static final ConsoleTimeText UTC = new ConsoleTimeText();

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ConsoleTimeText() {
    }

    /** "2025-03-14 19:04:10.010 UTC", to the millisecond as {@code hactl history} prints it; "" for no time. */
    public String precise(Instant t) {
        return t == null ? "" : io.hactl.log.HistoryText.TIME.format(t) + " UTC";
    }

    /** "2025-05-01 10:15:03 UTC"; "" for no time. */
    public String utc(Instant t) {
        return t == null ? "" : FORMAT.format(t);
    }
}
