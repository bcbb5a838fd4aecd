package io.hactl.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The backup directory: {@code DIR/YEAR/MONTH/DAY/} with one manifest per day, as the
 * seed's backup.sh laid it out; a lock so that one backup runs at a time; the days kept.
 */
public final class BackupStore {

    static final String LOCK = ".hactl-backup.lock";

    private final Path root;

    public BackupStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path dayDir(LocalDate day) {
        return root.resolve(String.format("%04d", day.getYear())).resolve(String.format("%02d", day.getMonthValue()))
                .resolve(String.format("%02d", day.getDayOfMonth()));
    }

    /** Creates the day's directory (and the root, 0700: backups hold the whole database). */
    public Path createDayDir(LocalDate day) throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path d = dayDir(day);
        Files.createDirectories(d);
        return d;
    }

    /** The one-backup-at-a-time lock; empty when another process holds it. */
    public Optional<Lock> tryLock() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        FileChannel ch = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return Optional.empty();
        }
        return Optional.of(new Lock(ch, lock));
    }

    public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    /** Every day that has a directory YEAR/MONTH/DAY, oldest first. */
    public List<LocalDate> days() throws IOException {
        List<LocalDate> days = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return days;
        }
        for (Path y : list(root, "\\d{4}")) {
            for (Path m : list(y, "\\d{2}")) {
                for (Path d : list(m, "\\d{2}")) {
                    try {
                        days.add(LocalDate.of(Integer.parseInt(y.getFileName().toString()),
                                Integer.parseInt(m.getFileName().toString()), Integer.parseInt(d.getFileName().toString())));
                    } catch (java.time.DateTimeException e) {
                        // not a date: not ours
                    }
                }
            }
        }
        days.sort(Comparator.naturalOrder());
        return days;
    }

    /** The days that {@code keepDays} (today included) would delete: before today - (keepDays - 1). */
    public List<LocalDate> expired(LocalDate today, int keepDays) throws IOException {
        LocalDate oldestKept = today.minusDays(keepDays - 1L);
        return days().stream().filter(d -> d.isBefore(oldestKept)).toList();
    }

    /** Deletes a day's directory, then its month and year directories when left empty. */
    public void deleteDay(LocalDate day) throws IOException {
        Path d = dayDir(day);
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        for (Path parent = d.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
                if (s.iterator().hasNext()) {
                    break;
                }
            }
            Files.deleteIfExists(parent);
        }
    }

    private static List<Path> list(Path dir, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p) && p.getFileName().toString().matches(pattern)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
