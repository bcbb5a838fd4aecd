package io.hactl.ops.db;

import io.hactl.backup.Compression;
import io.hactl.backup.Manifest;
import io.hactl.backup.Progress;
import io.hactl.backup.TarCommand;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbState;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * restore-node's copy: a physical backup ({@code hactl backup}: the whole server, prepared when it
 * was taken, one zstd tar) decompressed on this machine and streamed into {@code tar -x} in an
 * empty directory on the node; then the physical rebuild's own swap and start
 * ({@link PhysicalRebuild#swapIn}: the old data directory kept until the new one has started), and
 * {@link ReplicaRebuild}'s replication from the backup's GTID and catch-up. Its checks, before any
 * change: the config says how to stop and start the server, the backup's server and the node's are
 * the same major version, and the node has room for the unpacked copy (the old data directory
 * stays meanwhile). The file itself is checked against its manifest by {@link RestoreNode} first.
 */
final class BackupRebuild implements RebuildMethod {

    private static final Duration COMMAND = Duration.ofSeconds(30);

    private final PhysicalRebuild physical;
    private final boolean serverConfigured;
    private final Path day;
    private final Manifest.Entry entry;

    BackupRebuild(PhysicalRebuild physical, boolean serverConfigured, Path day, Manifest.Entry entry) {
        this.physical = physical;
        this.serverConfigured = serverConfigured;
        this.day = day;
        this.entry = entry;
    }

    @Override
    public Prepared prepare(Operation op, Sides sides) {
        NodeConfig node = sides.node();
        if (!serverConfigured) {
            throw op.refuse("the config does not say how to stop and start the database server (database.server.start"
                    + " and database.server.stop): the copy replaces the data directory of a stopped server",
                    "add database.server to the config (docs/configuration.md), then again");
        }
        DbState ns = sides.dbs().get(node).state();
        ReplicaRebuild.Refusal versions = versionRefusal(node.name(), ns.version(), entry);
        if (versions != null) {
            throw op.refuse(versions.reason(), versions.fix());
        }
        PhysicalRebuild.Dirs nd = physical.nodeDirs(op, sides);
        long free = physical.roomFor(op, node, nd, entry.rawBytes(), "the backup's");
        op.note(null, "the copy: " + day.resolve(entry.file()) + ", " + Progress.bytes(entry.rawBytes()) + " unpacked ("
                + entry.node() + " at GTID " + ReplicaRebuild.shown(entry.gtid()) + ", MariaDB " + entry.serverVersion()
                + ", prepared when it was taken); " + node.name() + " has " + Progress.bytes(free) + " free in "
                + nd.parent() + "; streamed from this machine (hactl -> " + node.name() + ")");
        return physical.swapIn(sides, nd, (o, out, sh) -> fill(o, out, sh, node, nd));
    }

    /** The backup into tar -x in the empty directory; the GTID read back from the copy, checked against the manifest. */
    private PhysicalRebuild.Filled fill(Operation op, PrintWriter out, NodeShell ns, NodeConfig node,
                                        PhysicalRebuild.Dirs nd) {
        String n = node.name();
        Path file = day.resolve(entry.file());
        AtomicReference<long[]> copied = new AtomicReference<>(new long[] {0, 0});
        Progress progress = Progress.everyFewSeconds(op.dryRun() ? null : out, System::nanoTime);
        op.step(n, "copy the backup " + file + ": decompressed on this machine, tar -x on " + n + " into "
                + nd.fresh(), () -> {
                    long t0 = System.nanoTime();
                    progress.start("copy the backup -> " + n, entry.rawBytes(), 0);
                    SshShell.StreamResult r;
                    long[] read = {0};
                    try (InputStream in = counting(Compression.ZSTD.decompress(Files.newInputStream(file)), read,
                            progress)) {
                        r = ns.stream(untarCommand(nd), in, OutputStream.nullOutputStream(), PhysicalRebuild.STALL,
                                b -> { });
                    } catch (IOException | RuntimeException e) {
                        ns.run(PhysicalRebuild.removeCommand(nd.fresh()), COMMAND);
                        throw new StepFailed("the copy stopped: " + e.getMessage() + "; " + n + " is as it was (its"
                                + " server and data untouched); the partial copy " + nd.fresh() + " removed", e);
                    } finally {
                        progress.finish();
                    }
                    if (!r.ok()) {
                        ns.run(PhysicalRebuild.removeCommand(nd.fresh()), COMMAND);
                        throw new StepFailed("the copy stopped: tar -x on " + n + " " + (r.error() != null ? r.error()
                                + ", " : "") + "exited " + r.exit() + NodePipe.tail(r.stderr())
                                + NodePipe.DiskHint.of(r.stderr(), n, nd.parent()) + "; " + n + " is as it was (its server"
                                + " and data untouched); the partial copy " + nd.fresh() + " removed");
                    }
                    long nanos = System.nanoTime() - t0;
                    copied.set(new long[] {read[0], nanos});
                    return Progress.summary(read[0], nanos) + " of tar";
                });
        AtomicReference<BinlogInfo> info = new AtomicReference<>();
        op.step(n, "read the copy's GTID (its binlog info file)", () -> {
            CommandResult f = ns.run(PhysicalRebuild.binlogInfoCommand(nd), COMMAND);
            try {
                info.set(BinlogInfo.parse(f.ok() ? f.out() : ""));
            } catch (IllegalArgumentException e) {
                ns.run(PhysicalRebuild.removeCommand(nd.fresh()), COMMAND);
                throw new StepFailed(e.getMessage() + "; " + n + " is as it was; the copy removed");
            }
            if (entry.gtid() != null && !entry.gtid().equals(info.get().gtid())) {
                ns.run(PhysicalRebuild.removeCommand(nd.fresh()), COMMAND);
                throw new StepFailed("the copy is at GTID " + info.get().gtid() + ", its manifest says " + entry.gtid()
                        + ": the backup's files do not belong together; " + n + " is as it was; the copy removed");
            }
            return "the copy is " + entry.node() + " at GTID " + info.get().gtid() + " (" + info.get().file() + ":"
                    + info.get().position() + "), as its manifest says";
        });
        long[] c = copied.get();
        return new PhysicalRebuild.Filled(c[0], c[1], info.get());
    }

    /** Counts the bytes read (the tar stream), for the progress line and the summary. */
    private static InputStream counting(InputStream in, long[] read, Progress progress) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int r = super.read(b, off, len);
                if (r > 0) {
                    read[0] += r;
                    progress.update(read[0], 0, null);
                }
                return r;
            }
        };
    }

    // ------------------------------------------------------------------ pure parts (unit-tested)

    static String untarCommand(PhysicalRebuild.Dirs d) {
        return TarCommand.extract(d.fresh());
    }

    /** Null when the backup's server and the node's are the same major version; else why and the fix. */
    static ReplicaRebuild.Refusal versionRefusal(String node, String nodeVersion, Manifest.Entry e) {
        String b = MethodChoice.major(e.serverVersion());
        String n = MethodChoice.major(nodeVersion);
        if (b == null) {
            return new ReplicaRebuild.Refusal("the backup's manifest records no server version: a physical copy starts"
                    + " only on its own major version", "take a new backup (hactl backup) and restore from it");
        }
        if (!b.equals(n)) {
            return new ReplicaRebuild.Refusal("the backup is of MariaDB " + e.serverVersion() + ", " + node + " runs "
                    + nodeVersion + ": not the same major version (" + b + " vs " + n + "); a physical copy starts"
                    + " only on its own", "install MariaDB " + b + ".x on " + node + ", or rebuild it from the master:"
                    + " hactl db-replica-init --node " + node);
        }
        return null;
    }
}
