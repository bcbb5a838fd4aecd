package io.hactl.pair;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hactl.log.StateFiles;
import io.hactl.state.Maintenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Only one operation runs on a pair at a time, whether started by the CLI or by an
 * acknowledgement in the controller: an OS file lock on {@code <state_directory>/operation.lock},
 * held for the operation's life, and beside it {@code operation.json} naming the holder
 * (operation, id, who, pid, since). A second operation is refused, naming the one running.
 * A process that dies releases the lock with it; the holder file it leaves tells a restarting
 * controller which operation was interrupted.
 *
 * <p>The OS lock is a POSIX (fcntl) lock: it belongs to the process, and closing <em>any</em>
 * descriptor of the file drops it. So this process opens the lock file once and keeps that one
 * descriptor for its whole life ({@link LockFile}); nothing else here ever opens
 * {@code operation.lock}. Whether another process holds the pair is read without touching the
 * file: {@code /proc/locks} (a lock on the file's device and inode, and its pid), with the
 * holder file naming the operation.
 *
 * <p>The lock is re-entrant for the thread that holds it: an operation that runs another (the
 * controller's resync runs db-copy and db-master-set) holds it once. Another thread of the same
 * process is refused like another process.
 */
public final class PairLock implements AutoCloseable {

    public static final String LOCK_FILE = "operation.lock";
    public static final String HOLDER_FILE = "operation.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Path PROC_LOCKS = Path.of("/proc/locks");
    /** One open lock file per state directory, for the life of the process. Guarded by itself. */
    private static final Map<Path, LockFile> FILES = new HashMap<>();

    /** Who holds the pair. */
    public record Holder(String operation, String operationId, String who, long pid, Instant since, String kind) {

        public Maintenance maintenance() {
            return new Maintenance(Maintenance.Kind.valueOf(kind), operation, operationId, who, since);
        }

        public String describe() {
            return operation + " " + operationId + " by " + who + " (pid " + pid + ") since " + since;
        }
    }

    /** The one descriptor of one lock file in this process, and what this process holds on it. */
    private static final class LockFile {
        final FileChannel channel;
        FileLock lock;
        Holder holder;
        Thread owner;
        int depth;

        LockFile(FileChannel channel) {
            this.channel = channel;
        }
    }

    private final LockFile file;
    private final Path dir;
    private boolean released;

    private PairLock(LockFile file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    /** The maintenance kind of an operation: what the controller makes of what it sees meanwhile. */
    public static Maintenance.Kind kindOf(String operation) {
        return switch (operation) {
            case "db-master-set", "db-master-unset", "failover", "fence", "node-failover" -> Maintenance.Kind.SWITCH;
            case "master-set", "master-unset", "start", "stop" -> Maintenance.Kind.APP;
            case "resync", "rejoin", "db-replica-init" -> Maintenance.Kind.RESYNC;
            default -> Maintenance.Kind.BACKUP;
        };
    }

    /** Takes the pair for {@code operation}, or refuses naming the operation that holds it. */
    public static PairLock acquire(Path stateDirectory, String operation, String operationId, String who) {
        Path key = key(stateDirectory);
        synchronized (FILES) {
            try {
                LockFile f = FILES.get(key);
                if (f == null) {
                    StateFiles.directory(stateDirectory);
                    StateFiles.prepare(stateDirectory.resolve(LOCK_FILE));
                    f = new LockFile(FileChannel.open(stateDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE));
                    FILES.put(key, f);
                }
                if (f.owner == Thread.currentThread()) {
                    f.depth++;
                    return new PairLock(f, stateDirectory);
                }
                if (f.owner != null) {
                    throw refused(f.holder.describe());
                }
                FileLock l;
                try {
                    l = f.channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // not ours by the bookkeeping above: cannot happen, read as taken
                }
                if (l == null) {
                    throw refused(otherProcess(stateDirectory).map(Holder::describe).orElse("another operation"));
                }
                Holder h = new Holder(operation, operationId, who, ProcessHandle.current().pid(), Instant.now(),
                        kindOf(operation).name());
                try {
                    Path tmp = stateDirectory.resolve(HOLDER_FILE + ".tmp");
                    StateFiles.write(tmp, JSON.writeValueAsBytes(h));
                    Files.move(tmp, stateDirectory.resolve(HOLDER_FILE), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    l.release();
                    throw e;
                }
                f.lock = l;
                f.holder = h;
                f.owner = Thread.currentThread();
                f.depth = 1;
                return new PairLock(f, stateDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot take the pair's operation lock in " + stateDirectory + ": "
                        + e.getMessage() + " (check state_directory in the config and its permissions)", e);
            }
        }
    }

    private static Refused refused(String running) {
        return new Refused("another operation runs on the pair: " + running,
                "wait for it to end (hactl history --last 20 shows its steps), then run this again");
    }

    private static Path key(Path stateDirectory) {
        return stateDirectory.toAbsolutePath().normalize();
    }

    /**
     * The operation holding the pair now (in this process or another), if any. Never opens the
     * lock file: this process may hold the lock on another thread, and closing a second
     * descriptor would drop it.
     */
    public static Optional<Holder> current(Path stateDirectory) {
        synchronized (FILES) {
            LockFile f = FILES.get(key(stateDirectory));
            if (f != null && f.owner != null) {
                return Optional.of(f.holder);
            }
        }
        return otherProcess(stateDirectory);
    }

    /**
     * The holder in another process: the lock file's OS lock as {@code /proc/locks} lists it, named
     * by the holder file. Where {@code /proc/locks} cannot be read, the holder file's pid alive.
     */
    private static Optional<Holder> otherProcess(Path stateDirectory) {
        Path lockFile = stateDirectory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        Optional<Holder> named = holder(stateDirectory);
        long self = ProcessHandle.current().pid();
        Optional<ProcLocks.Entry> locked;
        try {
            locked = ProcLocks.holderOf(lockFile, Files.readString(PROC_LOCKS));
        } catch (IOException | UnsupportedOperationException e) {
            return named.filter(h -> h.pid() != self && ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive)
                    .orElse(false));
        }
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        long pid = locked.get().pid();
        if (named.isPresent() && (named.get().pid() == pid || pid <= 0)) {
            return named;
        }
        // locked, but the holder file is not written yet (or is an older one's): name the process
        return Optional.of(new Holder("an operation", "?", "pid " + pid, pid, Instant.now(), Maintenance.Kind.SWITCH
                .name()));
    }

    /** The holder file as left by the last operation (also after a crash), if any. */
    public static Optional<Holder> holder(Path stateDirectory) {
        Path f = stateDirectory.resolve(HOLDER_FILE);
        try {
            return Files.exists(f) ? Optional.of(JSON.readValue(f.toFile(), Holder.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Marks a maintenance that does not exclude other operations (a backup: a failover must
     * never wait for it): {@code maintenance-ID.json}, removed by {@link #clearMaintenance}.
     */
    public static void markMaintenance(Path stateDirectory, String operation, String operationId, String who) {
        try {
            StateFiles.directory(stateDirectory);
            Holder h = new Holder(operation, operationId, who, ProcessHandle.current().pid(), Instant.now(),
                    kindOf(operation).name());
            StateFiles.write(stateDirectory.resolve("maintenance-" + operationId + ".json"), JSON.writeValueAsBytes(h));
        } catch (IOException e) {
            // the controller would read the backup's effects as they are; the backup itself goes on
        }
    }

    public static void clearMaintenance(Path stateDirectory, String operationId) {
        try {
            Files.deleteIfExists(stateDirectory.resolve("maintenance-" + operationId + ".json"));
        } catch (IOException e) {
            // a stale marker is ignored once its process is gone
        }
    }

    /** Maintenance markers of live processes. */
    public static java.util.List<Holder> maintenance(Path stateDirectory) {
        java.util.List<Holder> out = new java.util.ArrayList<>();
        try (var files = Files.list(stateDirectory)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("maintenance-")).toList()) {
                try {
                    Holder h = JSON.readValue(f.toFile(), Holder.class);
                    if (ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                        out.add(h);
                    }
                } catch (IOException e) {
                    // torn or foreign file: not ours
                }
            }
        } catch (IOException e) {
            // no state directory yet: no maintenance
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (FILES) {
            if (released || file.owner == null) {
                return;
            }
            released = true;
            if (--file.depth > 0) {
                return;
            }
            try {
                Files.deleteIfExists(dir.resolve(HOLDER_FILE));
                file.lock.release();
            } catch (IOException e) {
                // the OS lock goes with the process at the latest; the descriptor stays open
            } finally {
                file.holder = null;
                file.lock = null;
                file.owner = null;
            }
        }
    }
}
