package io.hactl.coordination;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * This controller's connection to ZooKeeper, as the rest of the controller sees it: no Curator type,
 * no listener.
 *
 * @param state     what Curator last reported (or CONNECTING before the first connection, CLOSED after)
 * @param since     when it entered that state
 * @param downSince when the connection stopped being usable (the SUSPENDED that started it), null
 *                  while it is usable
 */
public record Connection(State state, Instant since, Instant downSince) {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public enum State { CONNECTING, CONNECTED, SUSPENDED, RECONNECTED, LOST, CLOSED }

    /** Only a CONNECTED or RECONNECTED session may lead: anything else stops steps at once. */
    public boolean usable() {
        return state == State.CONNECTED || state == State.RECONNECTED;
    }

    /** "ZooKeeper connection SUSPENDED since 12:00:01", "ZooKeeper session LOST at 12:00:07 (SUSPENDED since ...)". */
    public String describe() {
        return switch (state) {
            case LOST -> "ZooKeeper session LOST at " + clock(since)
                    + (downSince == null || downSince.equals(since) ? "" : " (connection SUSPENDED since "
                    + clock(downSince) + ")");
            case CONNECTING -> "ZooKeeper not connected yet (connecting since " + clock(since) + ")";
            case CLOSED -> "ZooKeeper connection closed at " + clock(since);
            default -> "ZooKeeper connection " + state + " since " + clock(since);
        };
    }

    static String clock(Instant at) {
        return at == null ? "-" : CLOCK.format(at);
    }
}
