package io.hactl.pair;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * One contender of {@link PairLockTest}'s stress test: for a while, takes the pair's lock
 * whenever it can and, holding it, occupies a marker file that only one holder at a time may
 * create. A marker already there while we hold the lock is an overlap: two holders at once.
 * Also a second process's main: prints {@code acquired N overlaps M}.
 */
public final class LockStress {

    static final String MARKER = "inside";

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
        long end = System.nanoTime() + millis * 1_000_000;
        int acquired = 0;
        int refused = 0;
        int overlaps = 0;
        Path marker = dir.resolve(MARKER);
        while (System.nanoTime() < end) {
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
