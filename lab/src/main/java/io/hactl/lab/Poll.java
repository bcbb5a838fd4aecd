package io.hactl.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polls on a condition: the lab never sleeps a fixed time in place of waiting for something. */
final class Poll {

    /** How often the lab looks again at a daemon it started. */
    static final Duration EVERY = Duration.ofMillis(25);

    private Poll() {
    }

    /** Polls {@code condition} every {@code every} until it holds; false if it still does not after {@code timeout}. */
    static boolean until(Duration timeout, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Like {@link #until} but throws a LabException naming {@code what} and, if given, a detail on timeout. */
    static void await(String what, Duration timeout, Duration every, BooleanSupplier condition, Supplier<String> detail) {
        if (!until(timeout, every, condition)) {
            String d = detail == null ? null : detail.get();
            throw new LabException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                    + (d == null || d.isBlank() ? "" : ": " + d.strip()));
        }
    }
}
