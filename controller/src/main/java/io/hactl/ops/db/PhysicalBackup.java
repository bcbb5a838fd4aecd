package io.hactl.ops.db;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.Compression;
import io.hactl.backup.Journal;
import io.hactl.backup.LocalProgram;
import io.hactl.backup.Manifest;
import io.hactl.backup.PhysicalDatabase;
import io.hactl.backup.Progress;
import io.hactl.backup.TarCommand;
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
 * backup: no load on the master), PREPARED ({@code mariadb-backup --prepare}: what is stored starts
 * as it is, restore-node only copies it back) and stored as one zstd tar of the prepared directory.
 * Two ways to it ({@link BackupWay}, the choice and why printed before the copy):
 * <ul>
 *   <li>on the node ({@link NodeBackup}), when it has zstd and room for a scratch copy beside its
 *       data directory: the copy made and prepared there, then tar | zstd there streamed over SSH
 *       into the file here, so the bytes that cross are already compressed (3–4× fewer) and the
 *       node's cores compress; the scratch copy removed whatever happens (its process stopped by PID);
 *   <li>through this machine, the way of before: the physical rebuild's own stream
 *       ({@link PhysicalRebuild#backupCommand}) over SSH into {@code mbstream -x} in a scratch
 *       directory next to the day's file, prepared here, then tar'ed into zstd in-process; it needs
 *       mariadb-backup of the server's major version on this machine too.
 * </ul>
 * Either way the file is the same format (a zstd tar of the prepared directory, its SHA-256 taken
 * as it is written here) and the manifest entry has its size, SHA-256, the copy's GTID (its binlog
 * info file), the server's version and method physical.
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
    private final Function<NodeShell, OpenSshStream> clients;

    public PhysicalBackup(HactlConfig cfg, Function<NodeConfig, NodeShell> shells,
                          Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, new LocalShell(HERE));
    }

    PhysicalBackup(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                   NodeShell local) {
        this(cfg, shells, connector, local, s -> s instanceof SshShell ? new OpenSshStream("ssh") : null);
    }

    /**
     * @param clients the OpenSSH client that streams the compressed copy from a node's shell (null: hactl's own
     *                SSH, the shell's)
     */
    PhysicalBackup(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                   NodeShell local, Function<NodeShell, OpenSshStream> clients) {
        this.cfg = cfg;
        this.shells = shells;
        this.connector = connector;
        this.local = local;
        this.clients = clients;
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
        // the SSH connection (key exchange, authentication) opened while the server is asked: its first command,
        // below, finds it open
        Thread opening = new Thread(shell::open, "hactl-ssh-open");
        opening.setDaemon(true);
        opening.start();
        try (DbAdmin a = connector.apply(from)) {
            s = a.state();
            String role = s.replica() != null ? "replica" : "master";
            boolean maria = s.flavor() == Flavor.MARIADB;
            datadir = maria ? PhysicalRebuild.datadir(a) : null;
            // the node's tools, data size and free space in one SSH command (they took four)
            BackupNodeFacts nf = maria && datadir != null ? BackupNodeFacts.read(shell, datadir) : null;
            String nodeTool = nf != null ? nf.tool() : maria ? PhysicalRebuild.toolVersion(shell) : null;
            BackupWay.Way way = null;
            if (nodeTool != null && datadir != null) {
                data = dataBytes(nf, a, datadir, from);
                String scratch = NodeBackup.scratch(datadir);
                way = BackupWay.choose(new BackupWay.Facts(from.name(), scratch, nf.zstd(), nodeFree(nf, datadir, from),
                        data, margin()));
            }
            boolean onNode = way != null && way.onNode();
            // prepared on the node: only its mariadb-backup matters; here: this machine's too
            MethodChoice.Choice c = MethodChoice.choose(kind, onNode
                    ? new MethodChoice.Facts(from.name(), from.name(), s.flavor(), s.version(), s.version(), nodeTool,
                    nodeTool, true)
                    : facts(from, s.flavor(), s.version(), PhysicalRebuild.toolVersion(local), nodeTool));
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
            long free = usable(directory);
            FreeSpace.Refusal full = onNode ? FreeSpace.fileRefusal(from.name(), directory.toString(), free, data,
                    margin()) : FreeSpace.backupRefusal(from.name(), directory.toString(), free, data, margin());
            if (full != null) {
                throw new Refused(full.reason(), full.fix());
            }
            if (onNode) {
                return new Plan(true, onNodeWhy(kind, from, nodeTool) + "; the whole server: ~" + Progress.bytes(data)
                        + " of data files in " + from.name() + ":" + datadir + ", " + way.why() + "; the file in "
                        + directory + " (" + Progress.bytes(free) + " free there)", data, NodeBackup.scratch(datadir),
                        s.version(), role);
            }
            return new Plan(true, c.why() + "; the whole server: ~" + Progress.bytes(data) + " of data files in "
                    + from.name() + ":" + datadir + ", " + (way != null ? way.why() : BackupWay.HERE) + ", in "
                    + directory + " (" + Progress.bytes(free) + " free there)", data, null, s.version(), role);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refused(from.name() + "'s database does not answer: " + e.getMessage(),
                    "bring it up, or back up from the other node (--from NODE); hactl check shows what is wrong");
        }
    }

    /** The server's data files on {@code from}, or the refusal that says why they cannot be measured. */
    private static long dataBytes(BackupNodeFacts nf, DbAdmin a, String datadir, NodeConfig from) {
        if (nf.du() < 0) {
            throw new Refused("cannot measure " + from.name() + "'s data directory " + datadir + ": " + nf.describe(),
                    "fix ssh to it (hactl ssh test " + from.name() + "), then again");
        }
        return PhysicalRebuild.dataBytes(nf.du(), a, datadir);
    }

    /** The bytes free beside {@code from}'s data directory (where the scratch copy goes). */
    private static long nodeFree(BackupNodeFacts nf, String datadir, NodeConfig from) {
        if (nf.free() < 0) {
            throw new Refused("cannot tell the free space in " + new PhysicalRebuild.Dirs(datadir).parent() + " on "
                    + from.name() + ": " + nf.describe(), "fix ssh to it (hactl ssh test " + from.name() + "), then"
                    + " again");
        }
        return nf.free();
    }

    /** Why physical, when the node makes, prepares and compresses the copy: only its own mariadb-backup matters. */
    static String onNodeWhy(Kind asked, NodeConfig from, String nodeTool) {
        return "physical (--method " + asked.word() + "): " + from.name() + " has mariadb-backup "
                + MethodChoice.major(nodeTool) + ", its server's major version";
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
        return plan.nodeScratch() != null ? writeOnNode(plan, day, file, from, role, stall, journal, progress)
                : writeHere(plan, day, file, from, role, stall, journal, progress);
    }

    /**
     * Made, prepared and compressed on the node ({@link NodeBackup}): the scratch directory claimed,
     * mariadb-backup --backup then --prepare there (a process group watched by its PID), the GTID read
     * from the prepared copy, then tar | zstd there streamed into the file here (its SHA-256 as it is
     * written). A failure, an interrupt or an ended hactl (the shutdown hook) stops the node's process
     * by its PID and removes the scratch directory.
     */
    private Manifest.Entry writeOnNode(Plan plan, Path day, String file, NodeConfig from, String role, Duration stall,
                                       Journal journal, Progress progress) {
        String node = from.name();
        NodeShell shell = shells.apply(from);
        NodeBackup nb = new NodeBackup(shell, plan.nodeScratch(), clients.apply(shell), from);
        Instant start = Instant.now();
        AtomicFile out = null;
        boolean claimed = false;
        boolean done = false;
        Thread hook = new Thread(nb::stop, "hactl-backup-stop");
        boolean hooked = false;
        String step = "database: copy (mariadb-backup --backup on " + node + " into " + node + ":" + nb.scratch() + ")";
        long t0 = System.nanoTime();
        try {
            NodeBackup.Claimed c = nb.claim();
            switch (c.claim()) {
                case BUSY -> throw new IllegalStateException("another physical backup runs on " + node + " (pid "
                        + c.detail() + ", its scratch copy " + nb.scratch() + "): wait for it to end, or stop it on "
                        + node + " (kill -- -" + c.detail() + ") and remove " + nb.scratch());
                case FAILED -> throw new IllegalStateException("cannot make the scratch directory " + nb.scratch()
                        + " on " + node + " " + c.detail());
                case MADE_AFTER_LEFTOVER -> journal.print("removed " + node + ":" + nb.scratch() + ", the scratch copy"
                        + " of an interrupted physical backup");
                default -> {
                }
            }
            claimed = true;
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
            long pid = nb.start(defaultsFile(from));
            out = AtomicFile.create(day.resolve(file));
            nb.holdStream(out);
            progress.start("database (physical) on " + node, plan.dataBytes(), 0);
            long copied;
            try {
                copied = nb.await("backup", stall, plan.dataBytes(), b -> progress.update(b, 0, null));
            } finally {
                progress.finish();
            }
            journal.step(node, step, true, Progress.summary(copied, System.nanoTime() - t0) + " of data files, copied"
                    + " on " + node + " (pid " + pid + ")", System.nanoTime() - t0);

            step = "database: prepare (mariadb-backup --prepare on " + node + ")";
            t0 = System.nanoTime();
            String binlog = nb.binlogInfo();     // written by --backup: read before the stream, which removes the copy
            nb.releaseStream();                  // the stream starts on the node the moment the prepare has ended
            nb.await("prepare", null, b -> { });
            nb.removeRunDir();
            BinlogInfo info = BinlogInfo.parse(binlog);
            journal.step(node, step, true, "prepared in " + io.hactl.model.DurationText.seconds(Duration.ofNanos(
                    System.nanoTime() - t0)) + "; the copy is " + node + " at GTID " + info.gtid() + " (" + info.file()
                    + ":" + info.position() + ")", System.nanoTime() - t0);

            step = "database: compress on " + node + " (tar | " + NodeBackup.COMPRESS + ") and stream it here → "
                    + file;
            t0 = System.nanoTime();
            progress.start("database: compressed on " + node, 0, 0);
            NodeBackup.Streamed r;
            try {
                r = nb.stream(out, stall, b -> progress.update(b, 0, null));
            } finally {
                progress.finish();
            }
            if (!r.result().ok()) {
                throw new IllegalStateException("the stream stopped: tar | zstd on " + node + " " + (r.result().error()
                        != null ? r.result().error() + ", " : "") + "exited " + r.result().exit()
                        + NodePipe.tail(r.result().stderr()));
            }
            if (r.tarBytes() < 0) {
                throw new IllegalStateException("tar on " + node + " reported no total (--totals: GNU tar)"
                        + NodePipe.tail(r.result().stderr()));
            }
            if (r.zstdBytes() != out.bytes()) {
                throw notWhole(r.zstdBytes(), out, node, day, r.result().stderr());
            }
            out.commit();
            done = true;
            journal.step(node, step, true, Progress.summary(out.bytes(), System.nanoTime() - t0) + " of zstd ("
                    + Progress.bytes(r.tarBytes()) + " of tar, compressed on " + node + (r.via() != null ? ", through "
                    + r.via() : "") + "; the scratch copy removed)",
                    System.nanoTime() - t0);
            return new Manifest.Entry(BackupConfig.DATABASE, file, out.bytes(), out.sha256(), r.tarBytes(), "zstd",
                    start, Instant.now(), node, role, null, info.gtid(), info.file(), info.position(), null, null,
                    Manifest.PHYSICAL, serverVersion(plan, from));
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                out.abort();
            }
            boolean interrupted = Thread.interrupted();     // the cleanup's ssh commands must run
            String cleaned = claimed ? "; " + nb.stop() : "";
            claimed = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            String m = e.getMessage();
            journal.step(node, step, false, (e instanceof IOException || e instanceof UncheckedIOException
                    ? "writing failed: " : "") + m + (m != null && m.contains("No space left") && e instanceof IOException
                    ? " (the backup disk is full: free space in " + day + ")" : "") + cleaned, System.nanoTime() - t0);
            return null;
        } finally {
            if (claimed && !done) {
                nb.stop();
            }
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs (a second removal does no harm)
                }
            }
        }
    }

    /**
     * The file here has not every byte zstd wrote on the node (a full disk here: OpenSSH's client then closes its
     * side and may still exit 0), or zstd gave no count: the backup fails, as a write that failed.
     */
    static IOException notWhole(long zstdBytes, AtomicFile out, String node, Path day, String stderr) {
        String free;
        try {
            long usable = Files.getFileStore(day).getUsableSpace();
            free = usable < (1L << 20) ? "No space left on device: " + Progress.bytes(usable) + " free in " + day
                    : Progress.bytes(usable) + " free in " + day;
        } catch (IOException e) {
            free = "free space in " + day + " unknown: " + e.getMessage();
        }
        return new IOException(zstdBytes < 0 ? "zstd on " + node + " gave no count of the bytes it wrote, the file here"
                + " has " + out.bytes() + " (" + free + ")" + NodePipe.tail(stderr) : "the file here has " + out.bytes() + " of the "
                + zstdBytes + " bytes zstd wrote on " + node + " (" + free + ")");
    }

    private String defaultsFile(NodeConfig from) {
        return cfg.database().server() == null ? DatabaseServerConfig.DEFAULT_DEFAULTS_FILE
                : cfg.database().server().defaultsFileFor(from);
    }

    /** The way of before: mbstream here, prepared here, tar'ed into zstd here. */
    private Manifest.Entry writeHere(Plan plan, Path day, String file, NodeConfig from, String role, Duration stall,
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
                    Manifest.PHYSICAL, serverVersion(plan, from));
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
        String defaults = defaultsFile(from);
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

    /** The plan's (read before the copy: nothing asked twice), else asked now; null when the server does not say. */
    private String serverVersion(Plan plan, NodeConfig from) {
        if (plan.serverVersion() != null) {
            return plan.serverVersion();
        }
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
        return List.of("tar", "-C", scratch.toString(), "-b", Integer.toString(TarCommand.RECORD_BLOCKS), "-cf", "-", ".");
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
