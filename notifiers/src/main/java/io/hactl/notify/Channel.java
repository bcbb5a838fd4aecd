package io.hactl.notify;

import io.hactl.model.Severity;
import java.time.Duration;

/**
 * One configured way of alerting (an {@code alerts.channels} item): a name for messages, its
 * notifier, the least severity it is sent, and how delivery is retried and queued.
 *
 * @param type e.g. "email", "slack", "teams", "webhook", "command" (for messages)
 */
public record Channel(String name, String type, Notifier notifier, Severity minSeverity, Delivery delivery) {

    public Channel(String name, String type, Notifier notifier, Severity minSeverity) {
        this(name, type, notifier, minSeverity, Delivery.DEFAULTS);
    }

    /** Whether an alert goes to this channel. Tests go to every channel. */
    public boolean wants(Alert a) {
        return a.kind() == Alert.Kind.TEST || Severities.passes(a.severity(), minSeverity);
    }

    /**
     * How a channel delivers.
     *
     * @param maxAttempts      tries per alert, the first included
     * @param firstBackoff     wait after the first failed try; each next wait is {@code multiplier} times longer
     * @param maxBackoff       the longest wait between tries
     * @param breakerFailures  this many failed tries in a row open the circuit breaker: alerts then fail at
     *                         once (no tries) for {@code breakerOpenFor}, then one try decides
     * @param queueCapacity    alerts waiting for this channel; when full, the oldest is dropped (and reported)
     */
    public record Delivery(int maxAttempts, Duration firstBackoff, double multiplier, Duration maxBackoff,
                           int breakerFailures, Duration breakerOpenFor, int queueCapacity) {

        public static final Delivery DEFAULTS = new Delivery(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10),
                8, Duration.ofSeconds(60), 100);

        public Delivery {
            if (maxAttempts < 1 || breakerFailures < 1 || queueCapacity < 1 || multiplier < 1.0) {
                throw new IllegalArgumentException("delivery settings out of range");
            }
        }
    }
}
