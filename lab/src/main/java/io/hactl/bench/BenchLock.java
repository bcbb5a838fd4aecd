package io.hactl.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lab tests' lock, as LabExtension takes it, held by a bench for its whole run: a POSIX lock
 * through {@link FileChannel#lock()} ({@code flock(1)} in a shell script would not exclude a Java
 * test run, nor the other way round). Says so once when another run holds it, then waits.
 */
final class BenchLock {

    static final Path FILE = Path.of("/run/lock/hactl-lab-tests.lock");

    /** The bench's run: its exit code. */
    @FunctionalInterface
    interface Body {
        int run() throws Exception;
    }

    private BenchLock() {
    }

    /** Runs {@code body} holding the lock; its exit code. */
    static int holding(Body body) throws Exception {
        Files.createDirectories(FILE.getParent());
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                System.out.println("another lab test run holds " + FILE + ": waiting for it to end");
                lock = ch.lock();
            }
            try {
                return body.run();
            } finally {
                release(lock);
            }
        }
    }

    private static void release(FileLock lock) throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
    }
}
