package io.hactl.pair;

import java.nio.file.Path;

/** A second process for {@link PairLockTest}: takes the pair's lock, says so, holds it until stdin closes. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (PairLock lock = PairLock.acquire(Path.of(args[0]), "db-master-set", "a1b2c3d4", "alice@ops1")) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
    }
}
