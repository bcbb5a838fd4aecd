package io.hactl.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * up, down and heal hold an exclusive lock ({@code /run/lock/hactl-lab.lock}) so two processes
 * never build or tear down the lab at the same time; re-entrant within a JVM (heal may run up).
 */
final class LabLock {

    static final Path LOCK_FILE = Path.of("/run/lock/hactl-lab.lock");
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();
    private static FileChannel lockChannel;
    private static FileLock fileLock;

    private LabLock() {
    }

    /** Runs {@code body} holding the lock; {@code progress} hears when it has to wait for another process. */
    static <T> T locked(Consumer<String> progress, Supplier<T> body) {
        JVM_LOCK.lock();
        try {
            boolean outer = JVM_LOCK.getHoldCount() == 1;
            if (outer) {
                acquireFileLock(progress);
            }
            try {
                return body.get();
            } finally {
                if (outer) {
                    releaseFileLock();
                }
            }
        } finally {
            JVM_LOCK.unlock();
        }
    }

    private static void acquireFileLock(Consumer<String> progress) {
        try {
            Files.createDirectories(LOCK_FILE.getParent());
            lockChannel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            fileLock = lockChannel.tryLock();
            if (fileLock == null) {
                progress.accept("waiting for another 'hactl lab' operation to finish (" + LOCK_FILE + ")");
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (fileLock == null && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    fileLock = lockChannel.tryLock();
                }
                if (fileLock == null) {
                    lockChannel.close();
                    throw new LabException("another 'hactl lab' operation holds " + LOCK_FILE + " for over 5 minutes");
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot lock " + LOCK_FILE + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for " + LOCK_FILE, e);
        }
    }

    private static void releaseFileLock() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        } finally {
            fileLock = null;
            lockChannel = null;
        }
    }
}
