package io.hactl.notify;

import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which alerts are sent, and when (pure: no I/O, time from the injected clock). The rules
 * (docs/alerts.md):
 * <ul>
 *   <li>A cluster state is a condition (dedup key {@code cluster:state:STATE}): a warning or
 *       critical state alerts once when it begins; offering the same state again sends
 *       nothing.
 *   <li>While it stands, a reminder every {@code remindInterval}.
 *   <li>When the cluster is healthy again (ACTIVE_SYNCED), one recovery message — only if
 *       the trouble was announced.
 *   <li>Flapping: a state that begins again less than {@code flapWindow} after it last
 *       cleared is held back (counted), and sent only once it has stood for
 *       {@code flapWindow}; a condition that keeps flapping gets one summary per
 *       {@code remindInterval} (even while the cluster is healthy between two flaps). The next
 *       message says how many changes were held back.
 *   <li>A lost ZooKeeper quorum (one condition per controller, by its dedup key) alerts once when it
 *       begins, is reminded every {@code remindInterval} while it stands, and is resolved by one
 *       quorum-back message; a quorum back that was never announced sends nothing.
 *   <li>Every other alert (proposal, ack, reject, operation end, interrupted) is sent once per
 *       dedup key (keys are remembered for {@link #REMEMBER}). Tests, and reminders or
 *       recoveries the caller makes itself, pass through.
 * </ul>
 * Call {@link #offer} with each alert and {@link #tick} every second or so.
 */
public final class AlertPolicy {

    public static final Duration REMEMBER = Duration.ofHours(24);

    /**
     * @param remindInterval how often a standing warning or critical state is repeated
     * @param flapWindow     a state that comes back sooner than this after it cleared is flapping
     */
    public record Settings(Duration remindInterval, Duration flapWindow) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(30), Duration.ofSeconds(60));

        public Settings {
            if (remindInterval.isNegative() || remindInterval.isZero() || flapWindow.isNegative()) {
                throw new IllegalArgumentException("remind interval must be > 0 and flap window >= 0");
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<String, Instant> seen = new LinkedHashMap<>();
    /** The conditions beyond the cluster's state that stand now (a lost quorum), by dedup key. */
    private final Map<String, Standing> standing = new LinkedHashMap<>();

    public AlertPolicy(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** What to send now because of {@code a} (often nothing, at most two alerts). */
    public synchronized List<Alert> offer(Alert a) {
        return switch (a.kind()) {
            case STATE_CHANGE -> state(a);
            case TEST, REMINDER, RECOVERY -> List.of(a);
            case QUORUM_LOST -> begins(a);
            case QUORUM_BACK -> ends(a);
            default -> once(a);
        };
    }

    /** Reminders that are due, and held-back states that have stopped flapping. */
    public synchronized List<Alert> tick() {
        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        for (Pair p : pairs.values()) {
            if (p.current == null) {
                continue;
            }
            boolean trouble = !healthy(p.current);
            if (trouble && p.held && !now.isBefore(p.since.plus(settings.flapWindow))) {
                out.add(announce(p, p.currentAlert.withFlaps(p.suppressed), now));
            } else if (p.suppressed > 0 && !now.isBefore(p.lastSent.plus(settings.remindInterval))) {
                Alert summary = p.lastHeld.asFlapSummary(now, p.current, p.suppressed);
                if (trouble) {
                    announce(p, p.currentAlert, now);
                } else {
                    p.suppressed = 0;
                    p.lastSent = now;
                }
                out.add(summary);
            } else if (trouble && !p.held && p.announced != null
                    && !now.isBefore(p.lastSent.plus(settings.remindInterval))) {
                out.add(p.currentAlert.asReminder(now, p.since, 0));
                p.lastSent = now;
            }
        }
        for (Standing s : standing.values()) {
            if (!now.isBefore(s.lastSent.plus(settings.remindInterval))) {
                out.add(s.alert.asReminder(now, s.since, 0));
                s.lastSent = now;
            }
        }
        seen.values().removeIf(t -> t.isBefore(now.minus(REMEMBER)));
        return out;
    }

    /** A condition beyond the cluster's state begins: told once, however often it is offered. */
    private List<Alert> begins(Alert a) {
        if (standing.containsKey(a.dedupKey())) {
            return List.of();
        }
        Instant now = clock.instant();
        standing.put(a.dedupKey(), new Standing(a, now));
        return List.of(a);
    }

    /** It ends: one message, saying since when it stood; nothing when it was never announced. */
    private List<Alert> ends(Alert a) {
        Standing s = standing.remove(a.dedupKey());
        return s == null ? List.of() : List.of(a.withSince(s.since));
    }

    /** Held-back changes not yet told, for {@code cluster} (for status and tests). */
    public synchronized int suppressed(String cluster) {
        Pair p = pairs.get(cluster);
        return p == null ? 0 : p.suppressed;
    }

    private List<Alert> once(Alert a) {
        if (seen.containsKey(a.dedupKey())) {
            return List.of();
        }
        seen.put(a.dedupKey(), clock.instant());
        return List.of(a);
    }

    private List<Alert> state(Alert a) {
        Instant now = clock.instant();
        Pair p = pairs.computeIfAbsent(a.cluster(), c -> new Pair());
        ClusterState to = a.to();
        if (to == p.current) {
            p.currentAlert = a;
            return List.of();
        }
        ClusterState prev = p.current;
        if (prev != null && !healthy(prev)) {
            p.clearedAt.put(prev, now);
        }
        p.current = to;
        p.currentAlert = a;
        p.since = now;
        p.held = false;
        if (healthy(to)) {
            if (p.announced == null) {
                p.troubleSince = null;
                return List.of();
            }
            Alert recovery = p.announced.asRecovery(a, p.troubleSince, p.suppressed);
            p.announced = null;
            p.troubleSince = null;
            p.suppressed = 0;
            p.lastSent = now;
            return List.of(recovery);
        }
        if (p.troubleSince == null) {
            p.troubleSince = now;
        }
        Instant cleared = p.clearedAt.get(to);
        if (cleared != null && now.isBefore(cleared.plus(settings.flapWindow))) {
            p.held = true;
            p.suppressed++;
            p.lastHeld = a;
            return List.of();
        }
        return List.of(announce(p, a.withFlaps(p.suppressed), now));
    }

    private static Alert announce(Pair p, Alert a, Instant now) {
        p.announced = a;
        p.held = false;
        p.suppressed = 0;
        p.lastSent = now;
        return a;
    }

    private static boolean healthy(ClusterState s) {
        return Severities.ofState(s) == Severity.OK;
    }

    /** A condition beyond the cluster's state, announced and not yet over. */
    private static final class Standing {
        final Alert alert;
        final Instant since;
        Instant lastSent;

        Standing(Alert alert, Instant since) {
            this.alert = alert;
            this.since = since;
            this.lastSent = since;
        }
    }

    /** What the policy remembers of one cluster. */
    private static final class Pair {
        ClusterState current;
        Alert currentAlert;
        Instant since;
        /** When the cluster left a healthy state (null while healthy). */
        Instant troubleSince;
        /** The last warning/critical state alert sent and not yet followed by a recovery. */
        Alert announced;
        Instant lastSent;
        boolean held;
        int suppressed;
        /** The last state change held back as flapping. */
        Alert lastHeld;
        final Map<ClusterState, Instant> clearedAt = new EnumMap<>(ClusterState.class);
    }
}
