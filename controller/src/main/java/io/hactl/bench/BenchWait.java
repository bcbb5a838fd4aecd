package io.hactl.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the controller benches share: bounded polls (every 10 ms: a bench never waits on a fixed
 * sleep for something to happen), a free loopback port for the receivers, a results tree removed.
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
}
