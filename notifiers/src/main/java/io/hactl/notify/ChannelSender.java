package io.hactl.notify;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends alerts through one channel, synchronously, with its Resilience4j retry (exponential
 * backoff) around its circuit breaker: each try counts in the breaker; once open, alerts fail
 * at once until it lets a trial through. Used by the dispatcher's worker and by
 * {@code hactl notify test}.
 */
public final class ChannelSender {

    private final Channel channel;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public ChannelSender(Channel channel) {
        this.channel = channel;
        Channel.Delivery d = channel.delivery();
        this.retry = Retry.of("alert-" + channel.name(), RetryConfig.custom()
                .maxAttempts(d.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(d.firstBackoff(), d.multiplier(), d.maxBackoff()))
                .retryOnException(e -> e instanceof NotifierException n && n.retryable())
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("alert-" + channel.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(d.breakerFailures())
                .minimumNumberOfCalls(d.breakerFailures())
                .failureRateThreshold(100.0f)
                .waitDurationInOpenState(d.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    public Channel channel() {
        return channel;
    }

    /** Whether the breaker is open (alerts fail at once). */
    public boolean breakerOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** Delivers with the retries; never throws. */
    public DeliveryResult send(Alert alert) {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        try {
            Retry.decorateCheckedRunnable(retry, CircuitBreaker.decorateCheckedRunnable(breaker, () -> {
                attempts.incrementAndGet();
                channel.notifier().send(alert);
            })).run();
            return new DeliveryResult(channel.name(), true, attempts.get(), since(start), null);
        } catch (CallNotPermittedException e) {
            return new DeliveryResult(channel.name(), false, attempts.get(), since(start),
                    (attempts.get() > 0 ? "after " + tries(attempts.get()) + ": " : "")
                    + "circuit breaker open: the last " + channel.delivery().breakerFailures()
                    + " tries through " + channel.notifier().target() + " failed; the next try is allowed "
                    + channel.delivery().breakerOpenFor().toSeconds() + " s after it opened (hactl notify test"
                    + " --channel " + channel.name() + " tries now)");
        } catch (NotifierException e) {
            return new DeliveryResult(channel.name(), false, attempts.get(), since(start),
                    "after " + tries(attempts.get()) + ": " + e.getMessage());
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // not a NotifierException: a bug or an unexpected runtime error; its message may not be scrubbed,
            // so only its class is named
            return new DeliveryResult(channel.name(), false, attempts.get(), since(start),
                    "after " + tries(attempts.get()) + ": unexpected " + e.getClass().getName()
                    + " in the " + channel.type() + " notifier");
        }
    }

    private static String tries(int n) {
        return n + (n == 1 ? " try" : " tries");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
