package io.hactl.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Requests started at the same instant, for the controller's race tests. */
final class Races {

    private Races() {
    }

    /** Runs every request at the same instant; returns their results in order. */
    static <T> List<T> race(List<Supplier<T>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CyclicBarrier start = new CyclicBarrier(requests.size());
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (Supplier<T> r : requests) {
                fs.add(pool.submit(() -> {
                    start.await();
                    return r.get();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
