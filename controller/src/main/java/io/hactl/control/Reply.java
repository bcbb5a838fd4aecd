package io.hactl.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The answer to one operator request, and who may act on it. The owner {@link #take}s the request
 * before it acts on it; a caller that waited its bounded time {@link #giveUp}s it. Exactly one of
 * the two wins: a request refused as busy is one the owner never acts on, so it changed nothing;
 * a request the owner took is answered when the owner is done with it.
 */
final class Reply {

    private static final int WAITING = 0;
    private static final int TAKEN = 1;
    private static final int GIVEN_UP = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CompletableFuture<ActionResult> answer = new CompletableFuture<>();

    /** The owner: true when it may act on the request (its caller still waits). */
    boolean take() {
        return state.compareAndSet(WAITING, TAKEN);
    }

    /** The caller: true when the owner had not taken the request and now never will. */
    boolean giveUp() {
        return state.compareAndSet(WAITING, GIVEN_UP);
    }

    void answer(ActionResult result) {
        answer.complete(result);
    }

    /** The answer, waiting at most {@code within}. */
    ActionResult await(Duration within) throws TimeoutException, InterruptedException {
        try {
            return answer.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the controller failed to answer: " + e.getCause(), e.getCause());
        }
    }
}
