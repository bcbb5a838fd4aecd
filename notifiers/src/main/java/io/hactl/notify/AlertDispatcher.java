package io.hactl.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the channels without ever making the caller wait: {@link #submit} routes
 * an alert to each channel whose minimum severity it reaches and puts it on that channel's
 * bounded queue; one worker thread per channel sends (with retries and a circuit breaker,
 * {@link ChannelSender}) and tells the {@link DeliveryListener}. A dead channel delays only its
 * own queue. A full queue drops its oldest alert (reported as failed, and counted).
 */
public final class AlertDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final DeliveryListener listener;
    private volatile boolean closed;

    private AlertDispatcher(List<Channel> channels, DeliveryListener listener) {
        this.listener = listener;
        for (Channel c : channels) {
            if (workers.containsKey(c.name())) {
                throw new IllegalArgumentException("two channels are named " + c.name() + ": give each its own name");
            }
            workers.put(c.name(), new Worker(new ChannelSender(c)));
        }
    }

    /** Starts one worker thread per channel. */
    public static AlertDispatcher start(List<Channel> channels, DeliveryListener listener) {
        AlertDispatcher d = new AlertDispatcher(channels, listener == null ? DeliveryListener.NONE : listener);
        d.workers.values().forEach(w -> w.thread.start());
        return d;
    }

    /** Queues the alert for every channel that wants it; never blocks, never throws. */
    public void submit(Alert alert) {
        if (alert == null) {
            return;
        }
        if (closed) {
            LOG.warn("alert not sent, the dispatcher is closed: {}", alert.subject());
            return;
        }
        for (Worker w : workers.values()) {
            try {
                if (w.sender.channel().wants(alert)) {
                    w.enqueue(alert);
                }
            } catch (RuntimeException e) {
                LOG.error("alert not queued for channel {}: {}", w.sender.channel().name(), e.getClass().getName());
            }
        }
    }

    /** Alerts dropped so far on this channel because its queue was full. */
    public long dropped(String channel) {
        Worker w = workers.get(channel);
        return w == null ? 0 : w.dropped.get();
    }

    /** Alerts waiting on this channel. */
    public int queued(String channel) {
        Worker w = workers.get(channel);
        return w == null ? 0 : w.queue.size();
    }

    public List<String> channels() {
        return List.copyOf(workers.keySet());
    }

    /**
     * Stops taking alerts, lets each channel send what it has queued for up to {@code timeout},
     * then stops the workers; what is still queued is reported failed. True when all was sent.
     */
    public boolean close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Worker w : workers.values()) {
            try {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.thread.isAlive()) {
                w.thread.interrupt();
                try {
                    w.thread.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Alert> left = new ArrayList<>();
            w.queue.drainTo(left);
            for (Alert a : left) {
                all = false;
                w.report(a, new DeliveryResult(w.sender.channel().name(), false, 0, Duration.ZERO,
                        "not sent: hactl stopped before channel " + w.sender.channel().name() + " could send it"));
            }
        }
        return all;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    private final class Worker implements Runnable {
        final ChannelSender sender;
        final ArrayBlockingQueue<Alert> queue;
        final AtomicLong dropped = new AtomicLong();
        final Thread thread;

        Worker(ChannelSender sender) {
            this.sender = sender;
            this.queue = new ArrayBlockingQueue<>(sender.channel().delivery().queueCapacity());
            this.thread = new Thread(this, "hactl-alert-" + sender.channel().name());
            this.thread.setDaemon(true);
        }

        void enqueue(Alert a) {
            Alert oldest = null;
            synchronized (queue) {
                if (!queue.offer(a)) {
                    oldest = queue.poll();
                    queue.offer(a);
                }
            }
            if (oldest != null) {
                long n = dropped.incrementAndGet();
                report(oldest, new DeliveryResult(sender.channel().name(), false, 0, Duration.ZERO,
                        "dropped: channel " + sender.channel().name() + " already had "
                                + sender.channel().delivery().queueCapacity() + " alerts waiting (the oldest goes; "
                                + n + " dropped so far): is the channel slow or down? try hactl notify test"
                                + " --channel " + sender.channel().name()));
            }
        }

        @Override
        public void run() {
            while (!(closed && queue.isEmpty())) {
                Alert a;
                try {
                    a = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (a != null) {
                    report(a, sender.send(a));
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }

        void report(Alert a, DeliveryResult r) {
            try {
                if (r.ok()) {
                    LOG.info("alert sent via {} ({}) in {} ms, {} tries: {}", r.channel(), sender.channel().notifier()
                            .target(), r.took().toMillis(), r.attempts(), a.subject());
                    listener.delivered(a, r);
                } else {
                    LOG.warn("alert NOT sent via {}: {} ({})", r.channel(), r.error(), a.subject());
                    listener.failed(a, r);
                }
            } catch (RuntimeException e) {
                LOG.error("the delivery listener failed on channel {}: {}", r.channel(), e.toString());
            }
        }
    }
}
