package io.hactl.ops;

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
import java.util.Optional;

/**
 * Only one operation runs on a pair at a time, whether started by the CLI or by an
 * acknowledgement in the controller: an OS file lock on {@code <state_directory>/operation.lock},
 * held for the operation's life, and beside it {@code operation.json} naming the holder
 * (operation, id, who, pid, since). A second operation is refused, naming the one running.
 * A process that dies releases the lock with it; the holder file it leaves tells a restarting
 * controller which operation was interrupted.
 *
 * <p>Within one JVM the lock is re-entrant: an operation that runs another (the controller's
 * resync runs db-copy and db-master-set) holds it once.
 */
public final class PairLock implements AutoCloseable {

    public static final String LOCK_FILE = "operation.lock";
    public static final String HOLDER_FILE = "operation.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Object JVM = new Object();
    private static Holder heldHere;
    private static int depth;
    private static FileChannel channel;
    private static FileLock lock;

    /** Who holds the pair. */
    public record Holder(String operation, String operationId, String who, long pid, Instant since, String kind) {

        public Maintenance maintenance() {
            return new Maintenance(Maintenance.Kind.valueOf(kind), operation, operationId, who, since);
        }

        public String describe() {
            return operation + " " + operationId + " by " + who + " (pid " + pid + ") since " + since;
        }
    }

    private final Path dir;
    private boolean released;

    private PairLock(Path dir) {
        this.dir = dir;
    }

    /** The maintenance kind of an operation: what the controller makes of what it sees meanwhile. */
    public static Maintenance.Kind kindOf(String operation) {
        return switch (operation) {
            case "db-master-set", "db-master-unset", "master-set", "master-unset", "failover", "fence" -> Maintenance.Kind.SWITCH;
            case "resync", "rejoin", "db-replica-init" -> Maintenance.Kind.RESYNC;
            default -> Maintenance.Kind.BACKUP;
        };
    }

    /** Takes the pair for {@code operation}, or refuses naming the operation that holds it. */
    public static PairLock acquire(Path stateDirectory, String operation, String operationId, String who) {
        synchronized (JVM) {
            if (heldHere != null) {
                depth++;
                return new PairLock(stateDirectory);
            }
            try {
                StateFiles.directory(stateDirectory);
                StateFiles.prepare(stateDirectory.resolve(LOCK_FILE));
                FileChannel ch = FileChannel.open(stateDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    String running = holder(stateDirectory).map(Holder::describe).orElse("another operation");
                    throw new Refused("another operation runs on the pair: " + running,
                            "wait for it to end (hactl history --last 20 shows its steps), then run this again");
                }
                Holder h = new Holder(operation, operationId, who, ProcessHandle.current().pid(), Instant.now(),
                        kindOf(operation).name());
                Path tmp = stateDirectory.resolve(HOLDER_FILE + ".tmp");
                StateFiles.write(tmp, JSON.writeValueAsBytes(h));
                Files.move(tmp, stateDirectory.resolve(HOLDER_FILE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                channel = ch;
                lock = l;
                heldHere = h;
                depth = 1;
                return new PairLock(stateDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot take the pair's operation lock in " + stateDirectory + ": "
                        + e.getMessage() + " (check state_directory in the config and its permissions)", e);
            }
        }
    }

    /** The operation holding the pair now (in this process or another), if any. */
    public static Optional<Holder> current(Path stateDirectory) {
        synchronized (JVM) {
            if (heldHere != null) {
                return Optional.of(heldHere);
            }
        }
        Path lockFile = stateDirectory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l != null) {
                l.release();
                return Optional.empty();
            }
            return holder(stateDirectory);
        } catch (OverlappingFileLockException e) {
            return holder(stateDirectory);
        } catch (IOException e) {
            return Optional.empty();
        }
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
        synchronized (JVM) {
            if (released || heldHere == null) {
                return;
            }
            released = true;
            if (--depth > 0) {
                return;
            }
            try {
                Files.deleteIfExists(dir.resolve(HOLDER_FILE));
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel; nothing else to do
            } finally {
                heldHere = null;
                lock = null;
                channel = null;
            }
        }
    }
}
