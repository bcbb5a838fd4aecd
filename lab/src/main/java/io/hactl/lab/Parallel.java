package io.hactl.lab;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The lab's steps that run side by side (both nodes' daemons, key generation, checksums): daemon threads. */
final class Parallel {

    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hactl-lab");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** Runs the tasks at once and waits for all; rethrows the first failure (a LabException for a checked one). */
    static void run(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<CompletableFuture<Void>> fs = tasks.stream().map(t -> CompletableFuture.runAsync(t, POOL)).toList();
        RuntimeException first = null;
        for (CompletableFuture<Void> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted", e);
            } catch (ExecutionException | CompletionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                if (first == null) {
                    first = c instanceof RuntimeException re ? re : new LabException(c.toString(), c);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
