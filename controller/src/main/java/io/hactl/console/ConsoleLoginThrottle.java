package io.hactl.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The console's brake on guessing passwords. Refused logins are counted in a sliding window of
 * {@link #WINDOW}: {@value #PER_NAME_AND_ADDRESS} for one typed name from one address, or
 * {@value #PER_ADDRESS} from one address whatever the names, hold the next attempts from there until the
 * window has passed the oldest of them; the held attempt's password is not checked. Counting the name with
 * the address, not the name alone, keeps a guesser elsewhere from locking an operator out at 3 a.m.; the
 * name is counted as typed (case-folded), known or not, so a hold says nothing about which names exist.
 * Bounded: the {@value #KEYS} most recently refused keys are kept. Callers are Tomcat's request threads
 * and Spring's event publisher: every method is synchronized, and short.
 */
public final class ConsoleLoginThrottle implements ApplicationListener<AbstractAuthenticationEvent> {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int PER_NAME_AND_ADDRESS = 5;
    static final int PER_ADDRESS = 20;
    static final int KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> refusals = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > KEYS;
        }
    };

    public ConsoleLoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Counts the console's refused logins and forgets a name's from an address when it logs in from there. */
    @Override
    public void onApplicationEvent(AbstractAuthenticationEvent event) {
        Authentication a = event.getAuthentication();
        if (!(a.getDetails() instanceof WebAuthenticationDetails d)) {
            return; // not a console login (the API's tokens are not Spring authentications)
        }
        if (event instanceof AbstractAuthenticationFailureEvent) {
            refused(a.getName(), d.getRemoteAddress());
        } else if (event instanceof AuthenticationSuccessEvent) {
            loggedIn(a.getName(), d.getRemoteAddress());
        }
    }

    /** A login of {@code name} from {@code address} was refused. */
    public synchronized void refused(String name, String address) {
        Instant now = clock.instant();
        add(byName(name, address), now);
        add(byAddress(address), now);
    }

    /** {@code name} logged in from {@code address}: its refusals from there are forgotten. */
    public synchronized void loggedIn(String name, String address) {
        refusals.remove(byName(name, address));
    }

    /** How long a login of {@code name} from {@code address} is held, or empty when it may be tried. */
    public synchronized Optional<Duration> hold(String name, String address) {
        Instant now = clock.instant();
        Optional<Duration> a = held(byName(name, address), PER_NAME_AND_ADDRESS, now);
        Optional<Duration> b = held(byAddress(address), PER_ADDRESS, now);
        return a.isPresent() && b.isPresent() ? Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get())
                : a.or(() -> b);
    }

    synchronized int size() {
        return refusals.size();
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = refusals.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        while (times.size() > PER_ADDRESS) {
            times.removeFirst();
        }
    }

    private Optional<Duration> held(String key, int limit, Instant now) {
        Deque<Instant> times = refusals.get(key);
        if (times == null) {
            return Optional.empty();
        }
        expire(times, now);
        if (times.size() < limit) {
            return Optional.empty();
        }
        // held until the refusal that made the count reach the limit leaves the window
        Instant limiting = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
        return Optional.of(Duration.between(now, limiting.plus(WINDOW)));
    }

    private static void expire(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static String byName(String name, String address) {
        return "name " + (name == null ? "" : name.toLowerCase(Locale.ROOT)) + " from " + address;
    }

    private static String byAddress(String address) {
        return "address " + address;
    }
}
