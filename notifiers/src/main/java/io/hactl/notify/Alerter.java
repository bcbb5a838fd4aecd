package io.hactl.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controller holds: the {@link AlertPolicy} (dedup, reminders, recovery, flapping)
 * in front of the {@link AlertDispatcher} (queues, retries, circuit breakers), with a timer
 * that asks the policy for due reminders every {@code tick}. {@link #offer} never blocks and
 * never throws.
 *
 * <pre>
 * Alerter alerts = Alerter.start(channels, listener, AlertPolicy.Settings.DEFAULTS);
 * alerts.offer(Alert.stateChange("pair1", now, ACTIVE_SYNCED, MASTER_DOWN, sentence, evidence, proposal));
 * alerts.close();
 * </pre>
 */
public final class Alerter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Alerter.class);
    static final Duration TICK = Duration.ofSeconds(1);

    private final AlertPolicy policy;
    private final AlertDispatcher dispatcher;
    private final ScheduledExecutorService timer;

    private Alerter(AlertPolicy policy, AlertDispatcher dispatcher, Duration tick) {
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hactl-alert-reminders");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The usual form: the system clock, reminders checked every second. */
    public static Alerter start(List<Channel> channels, DeliveryListener listener, AlertPolicy.Settings settings) {
        return start(new AlertPolicy(settings, Clock.systemUTC()), AlertDispatcher.start(channels, listener), TICK);
    }

    public static Alerter start(AlertPolicy policy, AlertDispatcher dispatcher, Duration tick) {
        return new Alerter(policy, dispatcher, tick);
    }

    /** Hands the alert to the policy and sends what it says to send. */
    public void offer(Alert alert) {
        try {
            policy.offer(alert).forEach(dispatcher::submit);
        } catch (RuntimeException e) {
            LOG.error("alert policy failed on {}: {}", alert == null ? null : alert.dedupKey(), e.toString());
        }
    }

    private void tick() {
        try {
            policy.tick().forEach(dispatcher::submit);
        } catch (RuntimeException e) {
            LOG.error("alert reminders failed: {}", e.toString());
        }
    }

    public AlertDispatcher dispatcher() {
        return dispatcher;
    }

    public AlertPolicy policy() {
        return policy;
    }

    /** Stops the reminders, then lets the channels send what is queued for up to {@code timeout}. */
    public boolean close(Duration timeout) {
        timer.shutdownNow();
        return dispatcher.close(timeout);
    }

    @Override
    public void close() {
        close(AlertDispatcher.DEFAULT_CLOSE_TIMEOUT);
    }
}
