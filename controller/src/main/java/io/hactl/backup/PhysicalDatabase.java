package io.hactl.backup;

import io.hactl.config.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The database component's physical method (mariadb-backup: the whole server's data files,
 * prepared, in one zstd tar), as {@link BackupRun} uses it. It is made in io.hactl.ops.db
 * ({@code PhysicalBackup}), which shares the physical rebuild's mariadb-backup command, its method
 * choice and its free-space rule: ops.db depends on backup, never the other way round, so the
 * command hands it in.
 */
public interface PhysicalDatabase {

    /** Where a physical backup unpacks and prepares the copy before it is compressed: a directory next to its file. */
    String SCRATCH_SUFFIX = ".hactl-scratch";

    /**
     * What a backup of the database will do, decided before anything is written.
     *
     * @param physical  true: mariadb-backup; false: the logical dump (mariadb-dump)
     * @param why       the method and why, one sentence (printed and logged)
     * @param dataBytes for physical: the server's data files (the estimate of the copy); else 0
     * @param nodeScratch for physical: the scratch directory on the node when the copy is prepared and
     *                    compressed there; null: through this machine (mbstream here, the way of before)
     * @param serverVersion for physical: the server's version as the plan read it (the manifest's; null: read
     *                    when the copy is written)
     * @param role        for physical: "replica" or "master", as the node's own server told the plan (the
     *                    manifest's role when no probe cycle was run: a backup --from NODE of the database alone);
     *                    null: not read
     */
    record Plan(boolean physical, String why, long dataBytes, String nodeScratch, String serverVersion, String role) {

        /** Without the node's role (the probe cycle's is used). */
        public Plan(boolean physical, String why, long dataBytes, String nodeScratch, String serverVersion) {
            this(physical, why, dataBytes, nodeScratch, serverVersion, null);
        }

        /** Logical, or physical through this machine, the server's version read when the copy is written. */
        public Plan(boolean physical, String why, long dataBytes) {
            this(physical, why, dataBytes, null, null);
        }

        /** The server's version read when the copy is written. */
        public Plan(boolean physical, String why, long dataBytes, String nodeScratch) {
            this(physical, why, dataBytes, nodeScratch, null);
        }
    }

    /**
     * The method of a backup of {@code from}'s database into {@code directory} when {@code asked} is
     * auto, physical or logical. Throws {@link io.hactl.pair.Refused} (nothing written) when physical is
     * asked and cannot be, or when {@code directory}'s disk lacks room to prepare the copy (both
     * figures named).
     */
    Plan plan(String asked, NodeConfig from, Path directory);

    /**
     * Writes the prepared, compressed copy of {@code from}'s whole server as {@code day/file}: made,
     * prepared and compressed in a scratch directory on the node and streamed here (the plan's
     * {@code nodeScratch}), or streamed from the node and unpacked in a scratch directory on this
     * machine, prepared, then tar'ed into zstd; each step journaled, progress every few seconds. The
     * manifest entry (size, SHA-256, GTID, server version, method physical), or null when a step
     * failed (journaled; nothing left behind: no file, no scratch directory here or on the node).
     */
    Manifest.Entry write(Plan plan, Path day, String file, NodeConfig from, String role, Duration stall,
                         Journal journal, Progress progress);
}
