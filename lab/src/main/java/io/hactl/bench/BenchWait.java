package io.hactl.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the controller benches share: bounded polls (every 10 ms: a bench never waits on a fixed
 * sleep for something to happen), a free loopback port for the receivers, a results tree removed,
 * and the small figures they print (median, milliseconds, a heal's summary).
 */
final class BenchWait {

    private BenchWait() {
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        awaitValue(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** As {@link #await}, false instead of an exception when the time is up. */
    static boolean awaitOrNot(Duration limit, BooleanSupplier condition) {
        try {
            await("", limit, condition);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static <T> T awaitValue(String what, Duration limit, Supplier<Optional<T>> value) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The median of {@code values}; -1 when there are none. */
    static double medianOf(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        int m = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2.0;
    }

    /** "123ms", or "-" for a figure not measured (negative). */
    static String ms(long v) {
        return v < 0 ? "-" : v + "ms";
    }

    /** Whole milliseconds between two {@link System#nanoTime()} readings. */
    static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** What a lab heal did, in one line. */
    static String summary(List<String> actions) {
        return actions.isEmpty() ? "already at baseline" : String.join("; ", actions);
    }
}
