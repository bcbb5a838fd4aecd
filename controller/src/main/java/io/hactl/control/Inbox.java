package io.hactl.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller's one owner thread ({@value #THREAD}) and its queue: every input is a
 * {@link Message} handled there, one at a time, in the order it was posted (Patroni's HA loop does
 * the same with one lock and one cycle). Any thread may {@link #post}; an operator's request is
 * {@link #ask}ed: posted, then waited for within a bounded time. A request the owner has not taken
 * by then is given up and refused as busy, naming what the owner is doing: it changed nothing.
 */
final class Inbox {

    static final String THREAD = "hactl-control";
    /** How long a caller waits for a request the owner has taken (it acts on it now: its handling is short). */
    static final Duration TAKEN_WITHIN = Duration.ofSeconds(60);
    private static final DateTimeFormatter T = DateTimeFormatter.ofPattern("HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

    /** What the owner is doing, since when: published by the owner for a request refused as busy. */
    private record Doing(String what, Instant since) {
    }

    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Clock clock;
    private Thread thread;
    private volatile Doing doing;
    private volatile boolean stopped;

    Inbox(Clock clock) {
        this.clock = clock;
    }

    /** Starts the owner thread; {@code owner}: what it does with each message (it must not throw). */
    synchronized void start(Consumer<Message> owner) {
        if (thread != null) {
            throw new IllegalStateException("the owner thread runs already");
        }
        thread = new Thread(() -> loop(owner), THREAD);
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized Thread thread() {
        return thread;
    }

    /** Queues {@code m} for the owner; false when the controller stops (the message is dropped). */
    boolean post(Message m) {
        if (stopped) {
            return false;
        }
        queue.add(m);
        return true;
    }

    /**
     * Posts {@code request} and waits for its answer at most {@code within}. When the owner has not
     * taken it by then, the request is given up and {@code busy} says why it was refused ("the controller
     * is busy: ..."); when it has, the answer comes once the owner is done with it.
     */
    ActionResult ask(Message.Request request, Duration within, Function<String, ActionResult> busy) {
        if (Thread.currentThread() == thread()) {
            throw new IllegalStateException("the owner thread cannot wait for its own answer: " + request.doing());
        }
        if (!post(request)) {
            return busy.apply("the controller is stopping");
        }
        try {
            try {
                return request.reply().await(within);
            } catch (TimeoutException e) {
                if (request.reply().giveUp()) {
                    return busy.apply(busy());
                }
                return request.reply().await(TAKEN_WITHIN);
            }
        } catch (TimeoutException e) {
            return ActionResult.failed("the controller took this request but did not answer within "
                    + TAKEN_WITHIN.toSeconds() + " s (it is " + describe(doing) + "): what became of it is in"
                    + " hactl history; the controller's own log: journalctl -u hactl-controller", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (request.reply().giveUp()) {
                return busy.apply("the request was interrupted before the controller took it");
            }
            return ActionResult.failed("the request was interrupted while the controller handled it: what became"
                    + " of it is in hactl history", null);
        }
    }

    /** The messages waiting for the owner. */
    int waiting() {
        return queue.size();
    }

    /** "the controller is busy: since 12:00:01.234 UTC (6.0 s) it has been rejecting p-1 for bob; 2 more messages wait". */
    private String busy() {
        int waiting = waiting();
        return "the controller is busy: " + describe(doing)
                + (waiting == 0 ? "" : "; " + waiting + " more message" + (waiting == 1 ? "" : "s") + " wait");
    }

    private String describe(Doing d) {
        if (d == null) {
            return "between two messages";
        }
        Duration took = Duration.between(d.since(), clock.instant());
        return "since " + T.format(d.since()) + " (" + took.toMillis() / 100 / 10.0 + " s) it has been " + d.what();
    }

    /**
     * Stops the owner after the messages already posted, waiting for it at most {@code within}; the
     * messages left after it are answered (requests refused: the controller stops).
     */
    void stop(Duration within) {
        stopped = true;
        queue.add(new Message.Stop());
        Thread owner = thread();
        if (owner != null && owner.isAlive()) {
            try {
                owner.join(within.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
        if (owner != null && owner.isAlive()) {
            queue.add(new Message.Stop()); // a stuck owner ends when it gets free
        }
    }

    private void loop(Consumer<Message> owner) {
        while (true) {
            Message m;
            try {
                m = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (m instanceof Message.Stop) {
                drain();
                return;
            }
            if (m instanceof Message.Request r && !r.reply().take()) {
                continue; // its caller gave up waiting and was told nothing changed: nothing is done
            }
            doing = new Doing(m.doing(), clock.instant());
            try {
                owner.accept(m);
            } finally {
                doing = null;
            }
        }
    }

    /** Messages no owner will handle: nobody waits for them forever. */
    private void drain() {
        for (Message m; (m = queue.poll()) != null; ) {
            if (m instanceof Message.Request r && r.reply().take()) {
                r.reply().answer(ActionResult.refused("the controller is stopping: nothing changed", null));
            } else if (m instanceof Message.Awaited a) {
                a.handled().complete(null);
            }
        }
    }
}
