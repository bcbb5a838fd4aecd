package io.hactl.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live updates' one thread ({@code hactl-console-events}): every {@link #POLL} it makes the pair's
 * view (what the controller published last: no request to the owner thread, nothing waits) and, when
 * it differs from the last one sent, renders the page's live part once and sends it to every open
 * page as the event {@code pair}; a page that just connected gets the current one at once. A comment
 * every {@link #HEARTBEAT} keeps proxies from closing a quiet stream and finds the pages that went
 * away (their send fails: dropped). Nobody connected: it asks nothing.
 *
 * <p>At most {@link #PER_USER} open streams per user (a few tabs and a phone); beyond, {@link
 * #subscribe} refuses (429). Stops before the web server at shutdown, ending every stream, so the
 * server's graceful shutdown does not wait for them.
 */
public class ConsolePublisher implements SmartLifecycle {

    /** How often the controller's status is compared: a change is on the page well within 1 s. */
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A stream ends after this; the page's EventSource opens a new one at once. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    /** Open streams per user. */
    public static final int PER_USER = 8;
    static final String EVENT = "pair";
    /** The comment that opens every stream. */
    static final String CONNECTED = "connected";

    private static final Logger LOG = LoggerFactory.getLogger(ConsolePublisher.class);

    private record Stream(String user, SseEmitter emitter) {
    }

    private final Supplier<ConsolePairView> views;
    private final Function<ConsolePairView, String> render;
    private final Duration poll;
    private final Duration heartbeat;
    private final int perUser;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    /** Streams that have not had the page yet: sent on the next tick, whatever changed. */
    private final List<Stream> fresh = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;
    // touched by the publisher thread only
    private ConsolePairView lastView;
    private String lastHtml;
    private long lastBeat = System.nanoTime();
    private String lastFailure;
    /** Rounds that asked the controller (someone was connected). */
    private final AtomicLong rounds = new AtomicLong();

    @Autowired
    public ConsolePublisher(ConsolePairSource source, ConsoleFragment fragment) {
        this(source::view, fragment::render, POLL, HEARTBEAT, PER_USER);
    }

    ConsolePublisher(Supplier<ConsolePairView> views, Function<ConsolePairView, String> render, Duration poll,
                     Duration heartbeat, int perUser) {
        this.views = views;
        this.render = render;
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.perUser = perUser;
    }

    /**
     * A new stream for {@code user}, sent the page at once and every change after; null when the user
     * already has {@link #PER_USER} open.
     */
    public SseEmitter subscribe(String user) {
        Stream s;
        synchronized (this) {
            if (streams.stream().filter(x -> x.user().equals(user)).count() >= perUser) {
                return null;
            }
            s = new Stream(user, new SseEmitter(STREAM_TIMEOUT.toMillis()));
            try {
                // Sent before Spring has the stream: held, then written on the request's own thread, which so
                // commits the response. Spring Security writes its headers at the commit: left to the first
                // page, sent from the publisher thread, they would be written while the request thread still
                // touches the same headers (Tomcat's are not thread-safe).
                s.emitter().send(SseEmitter.event().comment(CONNECTED));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // held, not written: does not happen
            }
            streams.add(s);
            fresh.add(s);
        }
        s.emitter().onCompletion(() -> drop(s));
        s.emitter().onTimeout(() -> drop(s));
        s.emitter().onError(e -> drop(s));
        ScheduledExecutorService t = thread;
        if (t != null && !t.isShutdown()) {
            t.execute(this::tick); // the page now, not at the next poll
        }
        return s.emitter();
    }

    /** The open streams (all users). */
    public int open() {
        return streams.size();
    }

    /** The rounds so far that compared the pair (someone was connected): a test waits on them. */
    long rounds() {
        return rounds.get();
    }

    private synchronized void drop(Stream s) {
        streams.remove(s);
        fresh.remove(s);
    }

    /** One round on the publisher thread: what changed to every stream, the page to the new ones, the heartbeat. */
    void tick() {
        try {
            if (streams.isEmpty()) {
                lastView = null; // the next page to connect gets a fresh view
                lastHtml = null;
                return;
            }
            rounds.incrementAndGet();
            ConsolePairView v = views.get();
            boolean changed = !Objects.equals(v, lastView);
            if (changed) {
                lastHtml = render.apply(v);
                lastView = v;
            }
            for (Stream s : streams) {
                if (changed || fresh.contains(s)) {
                    fresh.remove(s);
                    send(s, SseEmitter.event().name(EVENT).data(lastHtml));
                }
            }
            if (System.nanoTime() - lastBeat >= heartbeat.toNanos()) {
                lastBeat = System.nanoTime();
                for (Stream s : streams) {
                    send(s, SseEmitter.event().comment("heartbeat"));
                }
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            // said once per distinct failure, not five times a second; the next tick tries again
            if (!String.valueOf(e).equals(lastFailure)) {
                lastFailure = String.valueOf(e);
                LOG.warn("console live updates: cannot make the pair page: {} (the pages keep what they show;"
                        + " tried again every {} ms)", e, poll.toMillis());
            }
        }
    }

    private void send(Stream s, SseEmitter.SseEventBuilder event) {
        try {
            s.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            // the page went away (or its stream already ended): forget it
            drop(s);
            s.emitter().completeWithError(e);
        }
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hactl-console-events");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::tick, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Ends every stream and the thread: before the web server stops, so it has no stream to wait for. */
    @Override
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Stream s : streams) {
            drop(s);
            s.emitter().complete();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** The last to start, the first to stop: before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
