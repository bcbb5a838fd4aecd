package io.hactl.pair;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * One contender of {@link PairLockTest}'s stress test: for a while (and until it took the lock
 * {@value #MIN_ACQUIRED} times, at most 30 s), takes the pair's lock
 * whenever it can and, holding it, occupies a marker file that only one holder at a time may
 * create. A marker already there while we hold the lock is an overlap: two holders at once.
 * Also a second process's main: prints {@code acquired N overlaps M}.
 */
public final class LockStress {

    static final String MARKER = "inside";
    static final int MIN_ACQUIRED = 20;
    static final long HARD_LIMIT_NANOS = 30_000_000_000L;

    /** Acquisitions, refusals and overlaps of one contender. */
    record Counts(int acquired, int refused, int overlaps) {
    }

    private LockStress() {
    }

    public static void main(String[] args) throws Exception {
        Counts c = contend(Path.of(args[0]), Long.parseLong(args[1]), "db-master-set");
        System.out.println("acquired " + c.acquired() + " overlaps " + c.overlaps());
    }

    static Counts contend(Path dir, long millis, String operation) throws IOException {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        // on a loaded machine a contender may get the lock rarely within the while: it goes on until it
        // has taken it MIN_ACQUIRED times, bounded by HARD_LIMIT
        long hardEnd = start + HARD_LIMIT_NANOS;
        int acquired = 0;
        int refused = 0;
        int overlaps = 0;
        Path marker = dir.resolve(MARKER);
        for (long now = start; (now < end || acquired < MIN_ACQUIRED) && now < hardEnd; now = System.nanoTime()) {
            PairLock lock;
            try {
                lock = PairLock.acquire(dir, operation, "5eed0000", "stress");
            } catch (Refused r) {
                refused++;
                LockSupport.parkNanos(100_000);
                continue;
            }
            try (lock) {
                acquired++;
                boolean mine = false;
                try {
                    Files.createFile(marker);
                    mine = true;
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                }
                LockSupport.parkNanos(500_000); // hold the pair a little while
                if (mine) {
                    Files.delete(marker);
                }
            }
            LockSupport.parkNanos(100_000);
        }
        return new Counts(acquired, refused, overlaps);
    }
}
