package io.hactl.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code /proc/locks}: who holds an OS lock on a file, without opening the file (a
 * process that opens and closes a second descriptor of a file drops its own POSIX lock on it).
 * A line looks like {@code 1: POSIX  ADVISORY  WRITE 4242 fe:00:2154497 0 EOF}: kind, pid
 * (-1 for open-file-description locks), then the device as hexadecimal major:minor and the inode.
 */
final class ProcLocks {

    /** One lock on the file: its kind (POSIX, OFDLCK, FLOCK) and the holder's pid. */
    record Entry(String kind, long pid) {
    }

    private ProcLocks() {
    }

    /** The first lock {@code procLocks} lists on {@code file}'s device and inode. */
    static Optional<Entry> holderOf(Path file, String procLocks) throws IOException {
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        String id = String.format("%02x:%02x:%d", major(dev), minor(dev), ino);
        for (String line : procLocks.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "N:" [ "->" ] KIND ADVISORY|MANDATORY READ|WRITE PID DEV:INODE START END
            int k = f.length > 1 && f[1].equals("->") ? 2 : 1;
            if (f.length < k + 5 || !f[k + 4].equals(id)) {
                continue;
            }
            if (k == 2) {
                continue; // a process waiting for the lock, not holding it
            }
            try {
                return Optional.of(new Entry(f[k], Long.parseLong(f[k + 3])));
            } catch (NumberFormatException e) {
                return Optional.of(new Entry(f[k], -1));
            }
        }
        return Optional.empty();
    }

    /** glibc's gnu_dev_major/minor: how st_dev encodes the device numbers. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
    }
}
