package io.hactl.notify;

import java.time.Duration;

/**
 * What became of one alert on one channel.
 *
 * @param attempts tries made (0 when the circuit breaker was open, or the alert was dropped)
 * @param took     from the first try to the end, waits included
 * @param error    why it failed (no secrets); null when delivered
 */
public record DeliveryResult(String channel, boolean ok, int attempts, Duration took, String error) {
}
