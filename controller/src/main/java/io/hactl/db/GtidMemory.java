package io.hactl.db;

import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hactl.config.HactlConfig;
import io.hactl.log.StateFiles;
import io.hactl.model.DbProbe;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.state.DetectionMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last GTID position hactl saw on each node, with the time: {@code
 * <state_directory>/gtid-memory.json}. Every successful probe of a node updates its entry
 * ({@code hactl check}, the controller's cycles, the db commands). When the master can no
 * longer be reached, db-master-set and a failover compare the candidate with the master's last
 * known position: promoting a node that was behind would lose the transactions it lacks. The
 * one memory of that position: the controller's detector is fed its copy from here
 * ({@link #feed}), it keeps none of its own.
 *
 * <p>Written atomically: a temp file in the same directory, fsync, rename over the old
 * file, fsync of the directory; read-modify-write under an exclusive lock on {@code
 * gtid-memory.lock}, so a check and a command running at once lose neither's update.
 */
public final class GtidMemory {

    public static final String FILE_NAME = "gtid-memory.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One observation of one node.
     *
     * @param position    MariaDB gtid_current_pos, MySQL gtid_executed
     * @param binlogState MariaDB gtid_binlog_state when it was read (db commands, check, the
     *                    controller's probes), null when unknown
     * @param by          what saw it: "check", "db-master-set", ...
     * @param binlogBasename the node's log_bin_basename the last time hactl read it (kept when a later
     *                    observation does not read it): where a failover finds a dead master's binary
     *                    log; null when never read
     */
    public record Seen(Instant at, Flavor flavor, String position, String binlogState, boolean readOnly,
                       boolean replica, String by, String binlogBasename) {

        public Seen(Instant at, Flavor flavor, String position, String binlogState, boolean readOnly,
                    boolean replica, String by) {
            this(at, flavor, position, binlogState, readOnly, replica, by, null);
        }

        @JsonIgnore
        public GtidView view() {
            return flavor == Flavor.MYSQL ? GtidView.mysql(position) : GtidView.mariadb(position, binlogState);
        }

        public static Seen of(DbState s, Instant at, String by) {
            return new Seen(at, s.flavor(), s.position(), s.gtidBinlogState(), !s.writable(), s.isReplica(), by,
                    s.logBinBasename());
        }

        /** This observation, with {@code older}'s binlog basename when it has none of its own. */
        Seen keepingBasenameOf(Seen older) {
            if (binlogBasename != null || older == null || older.binlogBasename() == null) {
                return this;
            }
            return new Seen(at, flavor, position, binlogState, readOnly, replica, by, older.binlogBasename());
        }
    }

    /** The file's content. */
    public record Content(String cluster, Map<String, Seen> nodes) {
    }

    /** File locks are per process: threads of one JVM take turns on this first. */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final String cluster;

    public GtidMemory(Path stateDirectory, String cluster) {
        this.dir = stateDirectory;
        this.cluster = cluster;
    }

    public static GtidMemory of(HactlConfig cfg) {
        return new GtidMemory(cfg.stateDirectory(), cfg.clusterName());
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /** Every node's last observation (empty when nothing was recorded yet, or the file is unreadable). */
    public Map<String, Seen> all() {
        Path f = file();
        if (!Files.exists(f)) {
            return Map.of();
        }
        try {
            Content c = MAPPER.readValue(f.toFile(), Content.class);
            return c.nodes() == null ? Map.of() : Map.copyOf(c.nodes());
        } catch (IOException e) {
            return Map.of();
        }
    }

    public Optional<Seen> last(String node) {
        return Optional.ofNullable(all().get(node));
    }

    /** Replaces the entries of the given nodes (an older observation never replaces a newer one). */
    public void record(Map<String, Seen> seen) {
        if (seen.isEmpty()) {
            return;
        }
        synchronized (JVM_LOCK) {
            recordLocked(seen);
        }
    }

    private void recordLocked(Map<String, Seen> seen) {
        try {
            StateFiles.directory(dir);
            StateFiles.prepare(dir.resolve("gtid-memory.lock"));
            try (FileChannel lockCh = FileChannel.open(dir.resolve("gtid-memory.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockCh.lock()) {
                Map<String, Seen> nodes = new TreeMap<>(all());
                seen.forEach((node, s) -> nodes.merge(node, s, (old, neu) -> neu.at().isBefore(old.at())
                        ? old : neu.keepingBasenameOf(old)));
                write(MAPPER.writeValueAsBytes(new Content(cluster, new LinkedHashMap<>(nodes))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage()
                    + " (check state_directory in the config and its permissions)", e);
        }
    }

    public void record(String node, Seen seen) {
        record(Map.of(node, seen));
    }

    /**
     * Records every node whose database answered in a probe snapshot ({@code hactl check}, every
     * controller cycle: a restarted controller takes the master's last position from here).
     * Never fails the caller: returns false when the memory could not be written (a
     * read-only state directory, a user without rights), true otherwise.
     */
    public static boolean recordProbe(HactlConfig cfg, ProbeSnapshot snapshot) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (NodeProbe n : snapshot.nodes()) {
            DbProbe db = n.db();
            if (!db.responding() || db.flavor() == null) {
                continue;
            }
            String pos = db.gtidCurrentPos() == null || db.gtidCurrentPos().isBlank() ? db.gtidBinlogPos() : db.gtidCurrentPos();
            seen.put(n.name(), new Seen(snapshot.takenAt(), db.flavor(), pos == null ? "" : pos.replace("\n", ""),
                    db.gtidBinlogState(), db.readOnly(), db.isReplica(), "check"));
        }
        try {
            of(cfg).record(seen);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /**
     * The detector's copy of the master's last position, taken from this memory, the one
     * memory of it (see {@link DetectionMemory}): the entry of {@code m}'s master in
     * {@code stored}. No master known, or nothing stored of it: {@code m} as it is.
     */
    public static DetectionMemory feed(DetectionMemory m, Map<String, Seen> stored) {
        Seen s = m.master() == null ? null : stored.get(m.master());
        if (s == null || s.position() == null) {
            return m;
        }
        return m.withMasterSeen(s.view(), s.at());
    }

    private void write(byte[] bytes) throws IOException {
        Path target = file();
        Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // some file systems cannot fsync a directory; the rename itself was atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
