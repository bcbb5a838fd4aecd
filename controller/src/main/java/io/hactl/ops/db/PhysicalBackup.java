package io.hactl.ops.db;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.Compression;
import io.hactl.backup.Journal;
import io.hactl.backup.LocalProgram;
import io.hactl.backup.Manifest;
import io.hactl.backup.PhysicalDatabase;
import io.hactl.backup.Progress;
import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseServerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.ops.db.RebuildMethod.Kind;
import io.hactl.pair.Refused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code hactl backup}'s physical database component: the whole server, copied hot by
 * mariadb-backup on the node it is read from (the replica when it is healthy, as the seed's
 * backup: no load on the master) with the physical rebuild's own command
 * ({@link PhysicalRebuild#backupCommand}), streamed over SSH into {@code mbstream -x} in a scratch
 * directory next to the day's file on this machine, PREPARED there ({@code mariadb-backup
 * --prepare}: what is stored starts as it is, restore-node only copies it back), then tar'ed into
 * one zstd file (in-process, SHA-256 as it is written) and the scratch directory removed. The
 * manifest entry has its size, SHA-256, the copy's GTID (its binlog info file), the server's
 * version and method physical. Preparing here needs mariadb-backup of the server's major version
 * on this machine too; the method choice ({@link MethodChoice}) checks it with the node's.
 */
public final class PhysicalBackup implements PhysicalDatabase {

    /** What this machine is called in the method's sentences. */
    static final String HERE = "this machine";
    private static final Duration PREPARE = Duration.ofHours(2);
    private static final Duration END = Duration.ofMinutes(10);

    private final HactlConfig cfg;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;
    private final NodeShell local;

    public PhysicalBackup(HactlConfig cfg, Function<NodeConfig, NodeShell> shells,
                          Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, new LocalShell(HERE));
    }

    PhysicalBackup(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                   NodeShell local) {
        this.cfg = cfg;
        this.shells = shells;
        this.connector = connector;
        this.local = local;
    }

    @Override
    public Plan plan(String asked, NodeConfig from, Path directory) {
        Kind kind = Kind.of(asked);
        if (kind == null) {
            throw new Refused("--method " + asked + " is none of the three", "write auto, physical or logical");
        }
        if (kind == Kind.LOGICAL) {
            return new Plan(false, logicalWhy(MethodChoice.choose(kind, null).why()), 0);
        }
        DbState s;
        String datadir;
        long data = 0;
        NodeShell shell = shells.apply(from);
        try (DbAdmin a = connector.apply(from)) {
            s = a.state();
            datadir = s.flavor() == Flavor.MARIADB ? PhysicalRebuild.datadir(a) : null;
            MethodChoice.Choice c = MethodChoice.choose(kind, facts(from, s.flavor(), s.version(),
                    PhysicalRebuild.toolVersion(local),
                    s.flavor() == Flavor.MARIADB ? PhysicalRebuild.toolVersion(shell) : null));
            if (c.refusal() != null) {
                throw new Refused("the physical backup of " + from.name() + "'s database: " + c.refusal().reason(),
                        fix(s.flavor(), from));
            }
            if (c.kind() == Kind.LOGICAL) {
                return new Plan(false, logicalWhy(c.why()), 0);
            }
            if (datadir == null) {
                throw new Refused(from.name() + "'s server reports no usable data directory (@@datadir)",
                        "check datadir in " + from.name() + "'s my.cnf, or back up with --method logical");
            }
            try {
                data = PhysicalRebuild.dataBytes(shell, a, datadir);
            } catch (IllegalStateException e) {
                throw new Refused(e.getMessage(), "fix ssh to it (hactl ssh test " + from.name() + "), then again");
            }
            long free = usable(directory);
            FreeSpace.Refusal full = FreeSpace.backupRefusal(from.name(), directory.toString(), free, data, margin());
            if (full != null) {
                throw new Refused(full.reason(), full.fix());
            }
            return new Plan(true, c.why() + "; the whole server: ~" + Progress.bytes(data) + " of data files in "
                    + from.name() + ":" + datadir + ", prepared in " + directory + " (" + Progress.bytes(free)
                    + " free there)", data);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refused(from.name() + "'s database does not answer: " + e.getMessage(),
                    "bring it up, or back up from the other node (--from NODE); hactl check shows what is wrong");
        }
    }

    /** The facts of the choice: this machine prepares the copy, so its mariadb-backup must match the node's. */
    static MethodChoice.Facts facts(NodeConfig from, Flavor flavor, String version, String localTool, String nodeTool) {
        return new MethodChoice.Facts(HERE, from.name(), flavor, version, version, localTool, nodeTool, true);
    }

    static String logicalWhy(String why) {
        return why + "; mariadb-dump of the application database";
    }

    /** The fix of a --method physical that cannot be. */
    static String fix(Flavor flavor, NodeConfig from) {
        if (flavor == Flavor.MYSQL) {
            return "back up with --method logical (backup.database.method: logical): MySQL's physical tool, Percona"
                    + " XtraBackup, is not packaged here";
        }
        return "apt-get install mariadb-backup (the major version of " + from.name() + "'s MariaDB) on " + from.name()
                + " and on this machine, which prepares the copy; or back up with --method logical";
    }

    private long margin() {
        DatabaseServerConfig server = cfg.database().server();
        return server == null ? FreeSpace.DEFAULT_MARGIN : server.freeMarginBytes();
    }

    /** The bytes free for this process in {@code dir}, or in its nearest existing parent. */
    static long usable(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return Files.getFileStore(p == null ? Path.of("/") : p).getUsableSpace();
        } catch (IOException e) {
            throw new Refused("cannot tell the free space in " + dir + ": " + e.getMessage(),
                    "check the backup directory (backup.directory, or -d DIR)");
        }
    }

    @Override
    public Manifest.Entry write(Plan plan, Path day, String file, NodeConfig from, String role, Duration stall,
                                Journal journal, Progress progress) {
        String node = from.name();
        Path scratch = day.resolve(file + SCRATCH_SUFFIX);
        Instant start = Instant.now();
        AtomicFile out = null;
        String step = "database: copy (mariadb-backup --backup --stream=mbstream on " + node + ", mbstream -x on " + HERE
                + " into " + scratch.getFileName() + ")";
        long t0 = System.nanoTime();
        try {
            removeTree(scratch);
            Files.createDirectory(scratch, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            progress.start("database (physical) from " + node, plan.dataBytes(), 0);
            long copied;
            try {
                copied = copy(from, scratch, stall, progress);
            } finally {
                progress.finish();
            }
            journal.step(node, step, true, Progress.summary(copied, System.nanoTime() - t0) + " of mbstream", 
                    System.nanoTime() - t0);

            step = "database: prepare (mariadb-backup --prepare on " + HERE + ")";
            t0 = System.nanoTime();
            CommandResult p = LocalShell.exec(HERE, prepareArgv(scratch), String.join(" ", prepareArgv(scratch)), null,
                    PREPARE);
            if (!p.ok()) {
                throw new IllegalStateException("mariadb-backup --prepare on " + HERE + " exited " + p.exit()
                        + NodePipe.tail(p.err()));
            }
            BinlogInfo info = BinlogInfo.parse(binlogInfo(scratch));
            journal.step(node, step, true, "prepared in " + io.hactl.model.DurationText.seconds(Duration.ofNanos(
                    System.nanoTime() - t0)) + "; the copy is " + node + " at GTID " + info.gtid() + " (" + info.file()
                    + ":" + info.position() + ")", System.nanoTime() - t0);

            step = "database: compress (tar of the prepared copy into zstd) → " + file;
            t0 = System.nanoTime();
            out = AtomicFile.create(day.resolve(file));
            progress.start("database: compress", plan.dataBytes(), 0);
            long raw;
            try {
                raw = tar(scratch, out, progress);
            } finally {
                progress.finish();
            }
            out.commit();
            journal.step(node, step, true, Progress.summary(raw, System.nanoTime() - t0) + " of tar → "
                    + Progress.bytes(out.bytes()), System.nanoTime() - t0);
            return new Manifest.Entry(BackupConfig.DATABASE, file, out.bytes(), out.sha256(), raw, "zstd", start,
                    Instant.now(), node, role, null, info.gtid(), info.file(), info.position(), null, null,
                    Manifest.PHYSICAL, serverVersion(from));
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (out != null) {
                out.abort();
            }
            String m = e.getMessage();
            journal.step(node, step, false, (e instanceof IOException || e instanceof UncheckedIOException
                    ? "writing failed: " : "") + m + (m != null && m.contains("No space left")
                    ? " (the backup disk is full: free space in " + day + ")" : ""), System.nanoTime() - t0);
            return null;
        } finally {
            try {
                removeTree(scratch);
            } catch (IOException e) {
                journal.print("warning: cannot remove " + scratch + ": " + e.getMessage() + " (the next backup does)");
            }
        }
    }

    /** mariadb-backup on the node into mbstream -x here; the bytes streamed. The target's own error first. */
    private long copy(NodeConfig from, Path scratch, Duration stall, Progress progress) throws IOException {
        NodeShell shell = shells.apply(from);
        String defaults = cfg.database().server() == null ? DatabaseServerConfig.DEFAULT_DEFAULTS_FILE
                : cfg.database().server().defaultsFileFor(from);
        try (LocalProgram x = LocalProgram.start(List.of("mbstream", "-x", "-C", scratch.toString()), false)) {
            SshShell.StreamResult r = null;
            IOException sink = null;
            try (OutputStream in = x.stdin()) {
                r = shell.stream(PhysicalRebuild.backupCommand(defaults), new ByteArrayInputStream(new byte[0]), in,
                        stall, b -> progress.update(b, 0, null));
            } catch (IOException e) {
                sink = e;
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException(e.getMessage());
            }
            int exit = x.await(END);
            if (exit != 0) {
                throw new IllegalStateException("the copy stopped: " + x.describe(exit));
            }
            if (sink != null) {
                throw sink;
            }
            if (!r.ok()) {
                throw new IllegalStateException("the copy stopped: mariadb-backup on " + from.name() + " "
                        + (r.error() != null ? r.error() + ", " : "") + "exited " + r.exit() + NodePipe.tail(r.stderr()));
            }
            return r.bytes();
        }
    }

    /** tar of the prepared directory into {@code out}, zstd; the bytes of tar. */
    private static long tar(Path scratch, OutputStream out, Progress progress) throws IOException {
        long n = 0;
        try (LocalProgram tar = LocalProgram.start(tarArgv(scratch), true)) {
            try (OutputStream z = Compression.ZSTD.compress(out, 0); InputStream in = tar.stdout()) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    z.write(buf, 0, r);
                    n += r;
                    progress.update(n, 0, null);
                }
            }
            int exit = tar.await(END);
            if (exit != 0) {
                throw new IllegalStateException(tar.describe(exit));
            }
        }
        return n;
    }

    private String serverVersion(NodeConfig from) {
        try (DbAdmin a = connector.apply(from)) {
            return a.state().version();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ the commands (pure, unit-tested)

    /** --no-defaults: this machine's own option files are not the copied server's (backup-my.cnf in the copy is). */
    static List<String> prepareArgv(Path scratch) {
        return List.of("mariadb-backup", "--no-defaults", "--prepare", "--target-dir=" + scratch);
    }

    static List<String> tarArgv(Path scratch) {
        return List.of("tar", "-C", scratch.toString(), "-cf", "-", ".");
    }

    /** mariadb_backup_binlog_info (MariaDB 11), else xtrabackup_binlog_info (10.11); "" when neither. */
    static String binlogInfo(Path dir) throws IOException {
        for (String name : List.of("mariadb_backup_binlog_info", "xtrabackup_binlog_info")) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return Files.readString(f);
            }
        }
        return "";
    }

    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
