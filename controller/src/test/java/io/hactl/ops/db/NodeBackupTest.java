package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.backup.BackupVerifier;
import io.hactl.backup.Compression;
import io.hactl.backup.Journal;
import io.hactl.backup.Manifest;
import io.hactl.backup.PhysicalDatabase;
import io.hactl.backup.Progress;
import io.hactl.backup.TarCommand;
import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.ops.StubTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The physical backup made on the node (issue 18, faster): mariadb-backup --backup and --prepare into
 * a scratch directory beside the data directory, tar | zstd there, streamed into the file here. The
 * commands as text, and the whole way for real on this machine as "n2" (its own shell, real tar,
 * zstd and setsid, a stand-in for mariadb-backup): the file and its manifest fields, a failed tool,
 * an interrupt, a leftover of a killed backup, another backup running.
 */
class NodeBackupTest {

    static final String TOOL = "mariadb-backup based on MariaDB server 10.11.19-MariaDB Linux (x86_64)";
    static final long GB = 1L << 30;

    @TempDir
    Path tmp;

    private Path bin;
    private Path day;
    private String scratch;
    private final StringWriter printed = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        day = Files.createDirectories(tmp.resolve("backups/2026/12/06"));
        scratch = NodeBackup.scratch(tmp.resolve("data").toString());
    }

    // ------------------------------------------------------------------ the choice of the way

    @Test
    void way_isOnTheNode_whenItHasZstdAndRoomForTheScratchCopy_andSaysSo() {
        BackupWay.Way w = BackupWay.choose(new BackupWay.Facts("n2", "/var/lib/mysql.hactl-backup",
                "*** Zstandard CLI (64-bit) v1.5.4 ***", 20 * GB, 10 * GB, GB));
        assertThat(w.onNode()).isTrue();
        assertThat(w.why()).isEqualTo("prepared and compressed on n2 (mariadb-backup --backup and --prepare into"
                + " /var/lib/mysql.hactl-backup, then tar | zstd -1 -T2 there, through SSH into the file here): it has"
                + " zstd and 20.0 GB free beside its data directory; the scratch copy is removed after");
    }

    @Test
    void way_isThroughThisMachine_whenTheNodeHasNoZstd_andSaysWhichAndTheFix() {
        BackupWay.Way w = BackupWay.choose(new BackupWay.Facts("n2", "/var/lib/mysql.hactl-backup", null, 20 * GB,
                10 * GB, GB));
        assertThat(w.onNode()).isFalse();
        assertThat(w.why()).startsWith("prepared and compressed on this machine (mariadb-backup's stream through SSH"
                + " into mbstream here, the way of before): n2 has no zstd").contains("install it on the nodes");
    }

    @Test
    void way_isThroughThisMachine_whenTheNodeLacksRoomForTheScratchCopy_namingTheFigures() {
        BackupWay.Way w = BackupWay.choose(new BackupWay.Facts("n2", "/var/lib/mysql.hactl-backup", "zstd v1.5.4",
                10 * GB, 10 * GB, GB));
        assertThat(w.onNode()).isFalse();
        assertThat(w.why()).contains("no room for the scratch copy on n2: n2 has 10.0 GB free in /var/lib, the copy"
                + " needs 11.0 GB (its 10.0 GB of data + a margin of 1.0 GB)");
    }

    @Test
    void freeSpaceHere_onTheNodeWay_isTheCompressedFileAndTheMarginOnly() {
        assertThat(FreeSpace.fileRequired(10 * GB, GB)).isEqualTo(5 * GB + GB);
        assertThat(FreeSpace.fileRefusal("n2", "/srv/backups", 6 * GB, 10 * GB, GB)).isNull();
        FreeSpace.Refusal r = FreeSpace.fileRefusal("n2", "/srv/backups", 2 * GB, 10 * GB, GB);
        assertThat(r.reason()).isEqualTo("this machine has 2.0 GB free in /srv/backups, the physical backup needs"
                + " 6.0 GB (5.0 GB for the compressed file of n2's 10.0 GB of data files + a margin of 1.0 GB)");
        assertThat(r.fix()).startsWith("free 4.0 GB in /srv/backups").contains("-d DIR", "--method logical");
    }

    @Test
    void method_onTheNode_needsOnlyTheNodesMariadbBackup_andSaysSo() {
        assertThat(PhysicalBackup.onNodeWhy(RebuildMethod.Kind.AUTO, new NodeConfig("n2", "198.51.100.12", "eth0",
                null), TOOL)).isEqualTo("physical (--method auto): n2 has mariadb-backup 10.11, its server's major"
                + " version");
    }

    // ------------------------------------------------------------------ the commands (text)

    @Test
    void commands_pathsQuotedAfterDashDash_theCredentialsInTheServersOptionFileNeverOnArgv() {
        String s = "/var/lib/my sql.hactl-backup";
        String script = NodeBackup.script(s, "/etc/mysql/n2's.cnf");
        assertThat(script).contains("mariadb-backup --defaults-file='/etc/mysql/n2'\\''s.cnf' --backup --parallel=2"
                        + " --target-dir='/var/lib/my sql.hactl-backup/copy'",
                "mariadb-backup --no-defaults --prepare --target-dir='/var/lib/my sql.hactl-backup/copy'",
                "echo $$ >'/var/lib/my sql.hactl-backup/pid'")
                .doesNotContainIgnoringCase("password").doesNotContain("--user");
        assertThat(NodeBackup.claimCommand(s)).contains("s='/var/lib/my sql.hactl-backup'", "rm -rf -- \"$s\"",
                "mkdir -m 0700 -- \"$s\"", "kill -s 0 -- \"-$p\"");
        assertThat(NodeBackup.streamCommand(s)).contains("tar -C \"$s/copy\" -b 2048 --totals -cf - .",
                "zstd -1 -T2 -vv -c 2>\"$s/zstd.err\"", "rm -rf -- \"$s\"");
        assertThat(NodeBackup.removeCommand(s)).isEqualTo("rm -rf -- '/var/lib/my sql.hactl-backup'");
        assertThat(NodeBackup.stopCommand(s)).contains("s='/var/lib/my sql.hactl-backup'", "kill -s TERM -- \"-$p\"",
                "kill -s KILL -- \"-$p\"", "/tmp/hactl-copy.*) rm -rf -- \"$r\"", "rm -rf -- \"$s\"");
        assertThat(NodeBackup.binlogInfoCommand(s)).contains("cat -- '/var/lib/my sql.hactl-backup/copy/"
                + "mariadb_backup_binlog_info'", "cat -- '/var/lib/my sql.hactl-backup/copy/xtrabackup_binlog_info'");
    }

    /**
     * Chosen by measurement (1.3 GB of prepared copy, docs/runbook-backup.md): tar | zstd -1 -T2 on the node took
     * half the time of -3 (3.3 s against 6.7 s), for a file no bigger on InnoDB's pages (366 MB against 378 MB);
     * zstd's --fast levels took no less CPU with tar and sshd counted (4.3-4.6 s against 4.8 s) for 17-33 % more
     * bytes. tar writes 1 MB records (-b 2048): 1.2 s less CPU than its default 10 KB ones (3.6 s against 4.8 s);
     * its end is then padded with up to 1 MB of zeros, which every reader reads with the same record
     * ({@link #everyStoredFormat_theNodesZstdOfBeforeAndOfNowAndTheOldInProcessOne_checkAndUnpackAlike_forRestoreNodeAndVerifyRestore}).
     */
    @Test
    void streamCommand_compressesAtLevel1_chosenByMeasurement_inTarsOneMegabyteRecords() {
        String c = NodeBackup.streamCommand("/var/lib/mysql.hactl-backup");
        assertThat(c).contains("tar -C \"$s/copy\" -b 2048 --totals -cf - .", "| zstd -1 -T2 -vv -c 2>")
                .doesNotContain("zstd -3").doesNotContain("--fast");
        assertThat(NodeBackup.COMPRESS).isEqualTo("zstd -1 -T2");
    }

    @Test
    void failure_namesTheToolThatFailedFirst_andAGroupThatEndedWithoutExitCodes() {
        assertThat(NodeBackup.failure("n2", Map.of("running", "1"))).isNull();
        assertThat(NodeBackup.failure("n2", Map.of("running", "1", "backup", "0"))).isNull();
        assertThat(NodeBackup.failure("n2", Map.of("running", "0", "backup", "1")))
                .isEqualTo("mariadb-backup --backup on n2 exited 1");
        assertThat(NodeBackup.failure("n2", Map.of("running", "0", "backup", "0", "prepare", "137")))
                .isEqualTo("mariadb-backup --prepare on n2 exited 137 (killed)");
        assertThat(NodeBackup.failure("n2", Map.of("running", "0")))
                .isEqualTo("mariadb-backup --backup on n2 ended without an exit code (killed with its group?)");
        assertThat(NodeBackup.failure("n2", Map.of("running", "0", "backup", "0", "prepare", "0"))).isNull();
        Map<String, String> writing = NodeBackup.written(NodeProcess.parseStatus("running=1\nbackup=0\nprepare=\n"));
        assertThat(writing).doesNotContainKey("prepare");
        assertThat(NodeBackup.failure("n2", writing)).as("an exit code being written is not yet one").isNull();
        assertThat(NodeBackup.written(null)).isNull();
    }

    @Test
    void tarBytes_isTarsOwnTotal_orMinusOneWithoutIt() {
        assertThat(NodeBackup.tarBytes("tar: something\nTotal bytes written: 20480 (20KiB, 50MiB/s)\n"))
                .isEqualTo(20480);
        assertThat(NodeBackup.tarBytes("")).isEqualTo(-1);
    }

    // ------------------------------------------------------------------ the whole way, for real on this machine

    private void requireTools() {
        Assumptions.assumeTrue(new LocalShell("here").run("command -v zstd && command -v setsid && command -v tar",
                Duration.ofSeconds(5)).ok(), "zstd, setsid and tar on this machine");
    }

    /** The stand-in mariadb-backup: {@code backup} is what --backup does (in "$t"), --prepare marks the copy. */
    private void mariadbBackup(String backup) throws IOException {
        StubTools.write(bin, "mariadb-backup", "for a; do case \"$a\" in --target-dir=*) t=\"${a#--target-dir=}\";; --backup) m=b;;"
                + " --prepare) m=p;; esac; done\necho \"$*\" >>\"" + tmp.resolve("argv") + "\"\n"
                + "if [ \"$m\" = p ]; then echo prepared >\"$t/prepared\"; exit 0; fi\n" + backup);
    }

    private static final String GOOD_BACKUP = "mkdir -p \"$t/db\" && head -c 300000 /dev/urandom >\"$t/db/t.ibd\""
            + " && printf 'binlog.000001\\t3024\\t0-1-13\\n' >\"$t/xtrabackup_binlog_info\"";

    /** This machine as node "n2": the stand-ins first on its PATH; it streams like an SSH shell. */
    private NodeShell n2() {
        LocalShell local = new LocalShell("n2");
        String path = StubTools.firstOnPath(bin);
        return new NodeShell() {
            @Override
            public String node() {
                return "n2";
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                return local.run(path + command, stdin, timeout);
            }

            @Override
            public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout,
                                                Duration idleLimit, LongConsumer onBytes) throws IOException {
                Process p = new ProcessBuilder("sh", "-c", path + command).redirectInput(ProcessBuilder.Redirect
                        .from(new java.io.File("/dev/null"))).start();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                Thread drain = new Thread(() -> {
                    try {
                        p.getErrorStream().transferTo(err);
                    } catch (IOException e) {
                        // ended
                    }
                });
                drain.start();
                long n = 0;
                try (InputStream in = p.getInputStream()) {
                    byte[] buf = new byte[65536];
                    int r;
                    while ((r = in.read(buf)) > 0) {
                        stdout.write(buf, 0, r);
                        n += r;
                        onBytes.accept(n);
                    }
                }
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                    drain.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new SshShell.StreamResult(-1, err.toString(StandardCharsets.UTF_8), n, "interrupted");
                }
                return new SshShell.StreamResult(p.exitValue(), err.toString(StandardCharsets.UTF_8), n, null);
            }
        };
    }

    private PhysicalBackup backup() {
        NodeShell shell = n2();
        return new PhysicalBackup(config(), n -> shell, n -> {
            throw new IllegalStateException("no server in this test");
        }, new LocalShell("this machine"));
    }

    private HactlConfig config() {
        NodeConfig n1 = new NodeConfig("n1", "198.51.100.11", "eth0", null);
        NodeConfig n2 = new NodeConfig("n2", "198.51.100.12", "eth0", null);
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1", List.of(n1, n2),
                new VipConfig("198.51.100.89", 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "app", "hactl", Secret.NONE, "repl", Secret.NONE, Duration.ofMillis(300),
                        Duration.ofMillis(300), null),
                List.of(), new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(300)), BackupConfig.defaults(), tmp);
    }

    // ------------------------------------------------------------------ the plan (issue 18: its fixed cost)

    /** n2's server for the plan: a replica (or not), its data directory {@code tmp/data}; {@code asked} when asked. */
    private RecordingDbAdmin server(boolean replica, Runnable asked) {
        RecordingDbAdmin a = new RecordingDbAdmin("n2", new java.util.ArrayList<>()) {
            @Override
            public io.hactl.db.DbState state() {
                asked.run();
                io.hactl.db.DbState s = super.state();
                return new io.hactl.db.DbState(s.flavor(), "10.11.19-MariaDB-0+deb12u1-log", s.serverId(), s.readOnly(),
                        s.superReadOnly(), false, true, true, s.gtidBinlogPos(), s.gtidBinlogState(), s.gtidCurrentPos(),
                        s.gtidSlavePos(), null, s.replica());
            }

            @Override
            public List<Map<String, String>> query(io.hactl.db.Sql sql) {
                return sql.toString().contains("@@datadir") ? List.of(Map.of("d", tmp.resolve("data").toString()))
                        : List.of();
            }
        };
        a.replica = replica;
        return a;
    }

    /** The node's tools for the plan's one SSH command: mariadb-backup --version and mbstream. */
    private void planTools() throws IOException {
        requireTools();
        Files.createDirectories(tmp.resolve("data"));
        Files.write(tmp.resolve("data/ibdata1"), new byte[300_000]);
        StubTools.write(bin, "mariadb-backup", "echo '" + TOOL + "'");
        StubTools.write(bin, "mbstream", "exit 0");
    }

    @Test
    void plan_namesTheNodesRoleAsItsOwnServerTellsIt_forABackupThatRunsNoProbeCycle() throws IOException {
        planTools();
        NodeShell shell = n2();
        NodeConfig n2 = new NodeConfig("n2", "198.51.100.12", "eth0", null);
        PhysicalDatabase.Plan replica = new PhysicalBackup(config(), n -> shell, n -> server(true, () -> { }),
                new LocalShell("this machine")).plan("physical", n2, day);
        PhysicalDatabase.Plan master = new PhysicalBackup(config(), n -> shell, n -> server(false, () -> { }),
                new LocalShell("this machine")).plan("physical", n2, day);

        assertThat(replica.physical()).as(replica.why()).isTrue();
        assertThat(replica.role()).isEqualTo("replica");
        assertThat(master.role()).isEqualTo("master");
    }

    @Test
    void plan_opensTheNodesSshWhileItsServerIsAsked_notAfter() throws IOException {
        planTools();
        NodeShell inner = n2();
        java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
        NodeShell shell = new NodeShell() {
            @Override
            public String node() {
                return "n2";
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                return inner.run(command, stdin, timeout);
            }

            @Override
            public void open() {
                opened.countDown();
            }
        };
        AtomicReference<Boolean> openWhileAsked = new AtomicReference<>();
        PhysicalBackup b = new PhysicalBackup(config(), n -> shell, n -> server(true, () -> {
            try {
                openWhileAsked.compareAndSet(null, opened.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), new LocalShell("this machine"));

        PhysicalDatabase.Plan p = b.plan("physical", new NodeConfig("n2", "198.51.100.12", "eth0", null), day);

        assertThat(p.physical()).as(p.why()).isTrue();
        assertThat(openWhileAsked.get()).as("the SSH connection opened while the server was still being asked")
                .isTrue();
    }

    // ------------------------------------------------------------------ the stream through OpenSSH (issue 18)

    static final NodeConfig N2_SSH = new NodeConfig("n2", "198.51.100.12", "eth0", new io.hactl.config.SshConfig(
            "root", 2222, Path.of("/etc/hactl/ssh key"), Path.of("/etc/hactl/known_hosts"), Duration.ofMillis(1500),
            Duration.ofSeconds(10)));

    @Test
    void theOpenSshClientsOptions_areTheNodesSshConfig_strictHostKeys_noAgentNoPrompt_dashDashBeforeTheNode() {
        List<String> a = new OpenSshStream("ssh").argv(N2_SSH, "tar -C x -cf - .");
        assertThat(a).startsWith("ssh").endsWith("--", "198.51.100.12", "tar -C x -cf - .");
        assertThat(String.join(" ", a)).contains("-F /dev/null", "-o BatchMode=yes", "-o StrictHostKeyChecking=yes",
                "-o UserKnownHostsFile=\"/etc/hactl/known_hosts\"", "-o GlobalKnownHostsFile=/dev/null",
                "-o IdentitiesOnly=yes", "-o IdentityAgent=none", "-o IdentityFile=\"/etc/hactl/ssh key\"",
                "-o ConnectTimeout=2", "-p 2222", "-l root", "-o Ciphers=aes128-gcm@openssh.com,");
        assertThat(new OpenSshStream("ssh").argv(new NodeConfig("n2", "198.51.100.12", "eth0",
                new io.hactl.config.SshConfig("root", 22, Path.of("/k\"ey"), Path.of("/kh"), Duration.ofSeconds(2),
                        Duration.ofSeconds(10))), "true")).as("a path OpenSSH cannot take: hactl's own SSH").isNull();
    }

    @Test
    void aClientThatFailedBeforeAnyByte_isFallenBackFrom_aCommandThatFailedIsNot() {
        assertThat(OpenSshStream.fallBack(255, 0)).isTrue();
        assertThat(OpenSshStream.fallBack(255, 10)).as("the command ran: its failure is the backup's").isFalse();
        assertThat(OpenSshStream.fallBack(2, 0)).as("tar failed on the node").isFalse();
    }

    /** A stand-in OpenSSH client: its argv logged, then the command after the destination run here (or {@code body}). */
    private String client(String body) throws IOException {
        Path c = StubTools.write(Files.createDirectories(tmp.resolve("client")), "ssh", "echo \"$*\" >>\"" + tmp.resolve("client-argv")
                + "\"\n" + (body != null ? body : "while [ \"$1\" != -- ]; do shift; done; shift 2\n"
                + "PATH=\"" + bin + ":$PATH\" exec sh -c \"$1\""));
        return c.toString();
    }

    private Manifest.Entry writeThrough(String client) {
        NodeShell shell = n2();
        PhysicalBackup b = new PhysicalBackup(config(), n -> shell, n -> {
            throw new IllegalStateException("no server in this test");
        }, new LocalShell("this machine"), s -> new OpenSshStream(client));
        Journal journal = new Journal(new PrintWriter(printed, true), null, null, "backup", "alice", "test");
        return b.write(new PhysicalDatabase.Plan(true, "physical", 300_000, scratch, "10.11.19-MariaDB"), day,
                "database-120000.tar.zst", N2_SSH, "replica", Duration.ofSeconds(30), journal, Progress.silent());
    }

    @Test
    void theCompressedCopy_streamsThroughTheOpenSshClient_theFileHasItsSha256AndTarBytes_andNoScratchIsLeft()
            throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Manifest.Entry e = writeThrough(client(null));

        assertThat(e).as(printed.toString()).isNotNull();
        Path file = day.resolve("database-120000.tar.zst");
        assertThat(e.sha256()).isEqualTo(sha256(file));
        assertThat(BackupVerifier.check(day, e).ok()).as("size, SHA-256, decompresses to rawBytes").isTrue();
        assertThat(tarList(file)).contains("./prepared", "./db/t.ibd");
        assertThat(Files.readString(tmp.resolve("client-argv"))).as("the stream went through the client")
                .contains("-- 198.51.100.12 ", "| zstd -1 -T2 -vv -c");
        assertThat(printed.toString()).as("the journal names the way it crossed").contains("compressed on n2, through"
                + " OpenSSH (ssh);");
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void aClientThatCannotConnect_fallsBackToHactlsOwnSsh_andTheBackupIsWhole() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Manifest.Entry e = writeThrough(client("echo 'Permission denied (publickey).' >&2; exit 255"));

        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(tmp.resolve("client-argv")).as("the client was tried").exists();
        assertThat(printed.toString()).contains("compressed on n2, through hactl's own SSH (OpenSSH's ssh could not be"
                + " used);");
        assertThat(e.sha256()).isEqualTo(sha256(day.resolve("database-120000.tar.zst")));
        assertThat(BackupVerifier.check(day, e).ok()).isTrue();
    }

    /**
     * The client's standard output is the file itself (its temporary name): the 350 MB of a 1 GB server never cross
     * hactl's JVM, which reads them back to hash and count them (5.0 → 3.3 s on the lab).
     */
    @Test
    void theClientWritesTheFileItself_notThroughHactl() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Path seen = tmp.resolve("client-stdout");
        Manifest.Entry e = writeThrough(client("o=$(readlink /proc/$$/fd/1); echo \"$o\" >\"" + seen + "\"\n"
                + "while [ \"$1\" != -- ]; do shift; done; shift 2\nPATH=\"" + bin + ":$PATH\" exec sh -c \"$1\""));

        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(Files.readString(seen).strip()).as("the client's stdout").isEqualTo(day.resolve(
                ".database-120000.tar.zst.partial-" + ProcessHandle.current().pid()).toString());
        Path file = day.resolve("database-120000.tar.zst");
        assertThat(e.bytes()).isEqualTo(Files.size(file));
        assertThat(e.sha256()).isEqualTo(sha256(file));
        assertThat(BackupVerifier.check(day, e).ok()).isTrue();
    }

    /**
     * OpenSSH's client whose standard output cannot take more (a full disk here) closes its side and may still exit
     * 0 (seen on this machine with an 8 MB tmpfs): the file is checked against the count zstd gives on the node, and
     * one that is short fails the backup, no file left under its name, the scratch copy removed.
     */
    @Test
    void aFileThatLostItsEnd_whileTheClientExitedZero_failsTheBackup_namingBothCounts() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Path whole = tmp.resolve("whole");
        Manifest.Entry e = writeThrough(client("while [ \"$1\" != -- ]; do shift; done; shift 2\nPATH=\"" + bin
                + ":$PATH\" sh -c \"$1\" >\"" + whole + "\"; head -c 1000 -- \"" + whole + "\"; exit 0"));

        assertThat(e).isNull();
        assertThat(printed.toString()).containsPattern("FAILED: writing failed: the file here has 1000 of the \\d+"
                + " bytes zstd wrote on n2 \\(.* free in ").contains("the scratch copy n2:" + scratch + " removed");
        assertThat(Files.size(whole)).as("what zstd wrote").isGreaterThan(1000);
        assertThat(day.resolve("database-120000.tar.zst")).doesNotExist();
        assertThat(Path.of(scratch)).doesNotExist();
        try (Stream<Path> l = Files.list(day)) {
            assertThat(l).as("no partial file left").isEmpty();
        }
    }

    @Test
    void zstdsCount_isReadFromItsSummary_ofNowAndOfBefore() {
        assertThat(NodeBackup.zstdBytes("Total bytes written: 1048576 (1.0MiB)\n/*stdin*\\            : 28.72%   "
                + "(1048576 B => 301176 B, /*stdout*\\) \n")).isEqualTo(301176);
        assertThat(NodeBackup.zstdBytes("/*stdin*\\            : 27.50%   (1363148800 => 374877145 bytes, /*stdout*\\)"))
                .as("zstd 1.4").isEqualTo(374877145L);
        assertThat(NodeBackup.zstdBytes("Total bytes written: 1048576")).as("no summary").isEqualTo(-1);
        assertThat(NodeBackup.zstdBytes(null)).isEqualTo(-1);
    }

    /**
     * The stream's client is started when the copy starts: its connection (~0.27 s on the lab) is made while the
     * copy runs, its command held on the node until the prepared copy is there.
     */
    @Test
    void theStreamsClient_connectsWhileTheCopyRuns_itsCommandRunsAfterThePrepare() throws Exception {
        requireTools();
        Path started = tmp.resolve("client-started");
        Path up = tmp.resolve("client-up-during-the-copy");
        mariadbBackup("i=0; while [ ! -e \"" + started + "\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done;"
                + " [ -e \"" + started + "\" ] && echo yes >\"" + up + "\"; " + GOOD_BACKUP);
        Manifest.Entry e = writeThrough(client("echo up >\"" + started + "\"\nwhile [ \"$1\" != -- ]; do shift; done;"
                + " shift 2\nPATH=\"" + bin + ":$PATH\" exec sh -c \"$1\""));

        assertThat(up).as("the client was up while mariadb-backup --backup ran").exists();
        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(tarList(day.resolve("database-120000.tar.zst"))).as("the held command ran after the prepare")
                .contains("./prepared", "./db/t.ibd");
        assertThat(BackupVerifier.check(day, e).ok()).isTrue();
    }

    /**
     * The held stream is let go once the copy is made and waits on the node for the prepare itself: a prepare that
     * fails ends it with exit 4, nothing streamed, and the backup names the prepare.
     */
    @Test
    void aFailedPrepare_endsTheReleasedStreamOnTheNode_nothingStreamed() throws Exception {
        requireTools();
        StubTools.write(bin, "mariadb-backup", "for a; do case \"$a\" in --target-dir=*) t=\"${a#--target-dir=}\";;"
                + " --backup) m=b;; --prepare) m=p;; esac; done\nif [ \"$m\" = p ]; then sleep 0.3; echo 'InnoDB: redo"
                + " corrupt' >&2; exit 1; fi\n" + GOOD_BACKUP);
        Path exit = tmp.resolve("client-command-exit");
        Manifest.Entry e = writeThrough(client("while [ \"$1\" != -- ]; do shift; done; shift 2\nPATH=\"" + bin
                + ":$PATH\" sh -c \"$1\"; echo $? >\"" + exit + "\""));

        assertThat(e).isNull();
        assertThat(printed.toString()).contains("mariadb-backup --prepare on n2 exited 1", "redo corrupt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(exit) && !Files.readString(exit).isBlank());
        assertThat(Files.readString(exit).strip()).as("the node's wait for the prepare: nothing streamed").isEqualTo("4");
        try (Stream<Path> l = Files.list(day)) {
            assertThat(l).as("no partial file left").isEmpty();
        }
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void afterPrepare_waitsForTheExitCodeInTheRunDirectory_andEndsWhenTheScratchIsGone() {
        String w = NodeBackup.afterPrepare("/var/lib/my sql.hactl-backup", "/tmp/hactl-copy.x1");
        assertThat(w).contains("while [ ! -s '/tmp/hactl-copy.x1/prepare.rc' ]", "[ -d '/var/lib/my sql.hactl-backup' ]"
                + " || exit 4", "= 0 ] || exit 4; ");
    }

    /** A copy that fails: the held command never runs (its gate reads no "go": exit 3), the client ends. */
    @Test
    void aFailedCopy_endsTheHeldClient_itsCommandNeverRuns() throws Exception {
        requireTools();
        mariadbBackup("echo 'InnoDB: read failed' >&2; exit 1");
        Path exit = tmp.resolve("client-command-exit");
        Manifest.Entry e = writeThrough(client("while [ \"$1\" != -- ]; do shift; done; shift 2\nPATH=\"" + bin
                + ":$PATH\" sh -c \"$1\"; echo $? >\"" + exit + "\""));

        assertThat(e).isNull();
        assertThat(printed.toString()).contains("mariadb-backup --backup on n2 exited 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(exit) && !Files.readString(exit).isBlank());
        assertThat(Files.readString(exit).strip()).as("the gate's exit: the command did not run").isEqualTo("3");
        try (Stream<Path> l = Files.list(day)) {
            assertThat(l).as("no partial file left").isEmpty();
        }
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void noOpenSshClientHere_streamsThroughHactlsOwnSsh() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Manifest.Entry e = writeThrough(tmp.resolve("no-such-ssh").toString());

        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(BackupVerifier.check(day, e).ok()).isTrue();
    }

    private Manifest.Entry write() {
        Journal journal = new Journal(new PrintWriter(printed, true), null, null, "backup", "alice", "test");
        return backup().write(new PhysicalDatabase.Plan(true, "physical", 300_000, scratch), day,
                "database-120000.tar.zst", new NodeConfig("n2", "198.51.100.12", "eth0", null), "replica",
                Duration.ofSeconds(30), journal, Progress.silent());
    }

    @Test
    void onTheNode_theCopyIsPreparedAndCompressedThere_theFileHasItsSha256TarBytesAndGtid_andNoScratchIsLeft()
            throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Manifest.Entry e = write();

        assertThat(e).as(printed.toString()).isNotNull();
        Path file = day.resolve("database-120000.tar.zst");
        assertThat(e.method()).isEqualTo(Manifest.PHYSICAL);
        assertThat(e.compression()).isEqualTo("zstd");
        assertThat(e.bytes()).isEqualTo(Files.size(file));
        assertThat(e.sha256()).isEqualTo(sha256(file));
        assertThat(e.gtid()).isEqualTo("0-1-13");
        assertThat(e.binlogFile()).isEqualTo("binlog.000001");
        assertThat(e.binlogPosition()).isEqualTo(3024L);
        assertThat(BackupVerifier.check(day, e).ok()).as("size, SHA-256, decompresses to rawBytes").isTrue();
        assertThat(tarList(file)).contains("./prepared", "./xtrabackup_binlog_info", "./db/t.ibd")
                .noneMatch(n -> n.contains("pid") || n.contains("tar."));
        assertThat(Path.of(scratch)).as("the scratch copy removed").doesNotExist();
        try (Stream<Path> s = Files.list(day)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("database-120000.tar.zst");
        }
        assertThat(Files.readString(tmp.resolve("argv"))).contains("--defaults-file=/etc/mysql/my.cnf --backup",
                "--no-defaults --prepare");
        assertThat(printed.toString()).contains("database: copy (mariadb-backup --backup on n2 into n2:" + scratch + ")",
                "database: prepare (mariadb-backup --prepare on n2): prepared in", "the copy is n2 at GTID 0-1-13",
                "database: compress on n2 (tar | zstd -1 -T2) and stream it here → database-120000.tar.zst:",
                "of tar, compressed on n2; the scratch copy removed");
    }

    @Test
    void theManifestsServerVersion_isThePlansOwn_noSecondConnectionToTheServerAfterTheCopy() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        AtomicInteger connections = new AtomicInteger();
        NodeShell shell = n2();
        PhysicalBackup b = new PhysicalBackup(config(), n -> shell, n -> {
            connections.incrementAndGet();
            throw new IllegalStateException("no server in this test");
        }, new LocalShell("this machine"));
        Journal journal = new Journal(new PrintWriter(printed, true), null, null, "backup", "alice", "test");
        Manifest.Entry e = b.write(new PhysicalDatabase.Plan(true, "physical", 300_000, scratch,
                "10.11.19-MariaDB-0+deb12u1-log"), day, "database-120000.tar.zst", new NodeConfig("n2", "198.51.100.12",
                "eth0", null), "replica", Duration.ofSeconds(30), journal, Progress.silent());

        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(e.serverVersion()).isEqualTo("10.11.19-MariaDB-0+deb12u1-log");
        assertThat(connections).as("the version read by the plan, not again").hasValue(0);
    }

    @Test
    void theStream_removesTheNodeProcesssRunDirectoryItself_oneSshCommandFewer_andNothingIsLeft() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<String> runDir = new AtomicReference<>();
        NodeShell real = n2();
        NodeShell counting = new NodeShell() {
            @Override
            public String node() {
                return real.node();
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                commands.add(command);
                CommandResult r = real.run(command, stdin, timeout);
                if (command.contains("mktemp -d /tmp/hactl-copy.")) {
                    runDir.set(r.out().strip().split("\\s+")[0]);
                }
                return r;
            }

            @Override
            public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout,
                                                Duration idleLimit, LongConsumer onBytes) throws IOException {
                commands.add(command);
                return real.stream(command, stdin, stdout, idleLimit, onBytes);
            }
        };
        PhysicalBackup b = new PhysicalBackup(config(), n -> counting, n -> {
            throw new IllegalStateException("no server in this test");
        }, new LocalShell("this machine"));
        Journal journal = new Journal(new PrintWriter(printed, true), null, null, "backup", "alice", "test");
        Manifest.Entry e = b.write(new PhysicalDatabase.Plan(true, "physical", 300_000, scratch, "10.11.19-MariaDB"),
                day, "database-120000.tar.zst", new NodeConfig("n2", "198.51.100.12", "eth0", null), "replica",
                Duration.ofSeconds(30), journal, Progress.silent());

        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(runDir.get()).startsWith("/tmp/hactl-copy.");
        assertThat(Path.of(runDir.get())).as("the run directory removed by the stream").doesNotExist();
        assertThat(commands).as("no command of its own to remove it").noneMatch(c -> c.startsWith("rm -rf -- '"
                + runDir.get()));
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void theWaitForThePrepare_asksEvery50Ms_itTakesTenthsOfASecond_theCopyEvery250Ms() {
        assertThat(NodeBackup.poll("prepare")).isEqualTo(Duration.ofMillis(50));
        assertThat(NodeBackup.poll("backup")).isEqualTo(Duration.ofMillis(250));
        assertThat(NodeBackup.poll("backup", 800, 1000)).as("the copy's first 9 tenths").isEqualTo(Duration.ofMillis(250));
        assertThat(NodeBackup.poll("backup", 900, 1000)).as("its last tenth: its end near").isEqualTo(Duration.ofMillis(50));
        assertThat(NodeBackup.poll("backup", 900, 0)).as("no measure").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aFailedMariadbBackup_isNamedWithItsLastLines_noFileIsLeft_andTheScratchCopyIsRemoved() throws Exception {
        requireTools();
        mariadbBackup("mkdir -p \"$t\"; echo '[00] FATAL ERROR: cannot read the redo log' >&2; exit 1");
        assertThat(write()).isNull();
        assertThat(printed.toString()).contains("database: copy (mariadb-backup --backup on n2 into n2:" + scratch
                + "): FAILED: mariadb-backup --backup on n2 exited 1: ...[00] FATAL ERROR: cannot read the redo log",
                "the scratch copy n2:" + scratch + " removed");
        assertThat(Path.of(scratch)).doesNotExist();
        try (Stream<Path> s = Files.list(day)) {
            assertThat(s.toList()).as("no file, no partial file").isEmpty();
        }
    }

    @Test
    void anInterruptedBackup_stopsTheNodesProcessByItsPid_andRemovesTheScratchCopy() throws Exception {
        requireTools();
        mariadbBackup("mkdir -p \"$t\"; head -c 1000 /dev/zero >\"$t/ibdata1\"; exec sleep 60");
        AtomicReference<Manifest.Entry> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(write()));
        t.start();
        Path pidFile = Path.of(scratch, "pid");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(scratch, "copy", "ibdata1"))
                && Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(groupAlive(pid)).isTrue();

        t.interrupt();
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get()).isNull();
        assertThat(printed.toString()).contains("FAILED: ", "interrupted; mariadb-backup stopped (n2 pid " + pid + "),"
                + " the scratch copy n2:" + scratch + " removed");
        assertThat(groupAlive(pid)).as("the node's process group is gone").isFalse();
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void aBackupStoppedByTheShutdownHook_endsItsWatchSayingSo() throws Exception {
        requireTools();
        mariadbBackup("mkdir -p \"$t\"; exec sleep 60");
        NodeBackup nb = new NodeBackup(n2(), scratch);
        assertThat(nb.claim().claim()).isEqualTo(NodeBackup.Claim.MADE);
        long pid = nb.start("/etc/mysql/my.cnf");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread watch = new Thread(() -> {
            try {
                nb.await("backup", Duration.ofSeconds(30), b -> { });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        watch.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> groupAlive(pid));
        assertThat(nb.stop()).isEqualTo("mariadb-backup stopped (n2 pid " + pid + "), the scratch copy n2:" + scratch
                + " removed");
        watch.join(10_000);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("stopped: hactl is ending (its shutdown hook stopped mariadb-backup by its PID)");
        assertThat(groupAlive(pid)).isFalse();
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void aScratchCopyLeftByAKilledBackup_isRemovedFirst_andSaidSo() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createDirectories(Path.of(scratch, "copy", "db"));
        Files.writeString(Path.of(scratch, "pid"), gone.pid() + "\n");
        Files.writeString(Path.of(scratch, "copy", "db", "old.ibd"), "left");

        Manifest.Entry e = write();
        assertThat(e).as(printed.toString()).isNotNull();
        assertThat(printed.toString()).contains("removed n2:" + scratch + ", the scratch copy of an interrupted"
                + " physical backup");
        assertThat(tarList(day.resolve(e.file()))).doesNotContain("./db/old.ibd");
        assertThat(Path.of(scratch)).doesNotExist();
    }

    @Test
    void aScratchCopyWhosePidRuns_isAnotherBackups_leftAlone_andTheBackupFailsSayingSo() throws Exception {
        requireTools();
        mariadbBackup(GOOD_BACKUP);
        Process other = new ProcessBuilder("setsid", "sleep", "60").start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> groupAlive(other.pid()));
            Files.createDirectories(Path.of(scratch, "copy"));
            Files.writeString(Path.of(scratch, "pid"), other.pid() + "\n");

            assertThat(write()).isNull();
            assertThat(printed.toString()).contains("FAILED: another physical backup runs on n2 (pid " + other.pid()
                    + ", its scratch copy " + scratch + "): wait for it to end, or stop it on n2 (kill -- -"
                    + other.pid() + ")");
            assertThat(Path.of(scratch, "copy")).as("the other backup's copy untouched").exists();
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ both stored formats read alike

    @Test
    void everyStoredFormat_theNodesZstdOfBeforeAndOfNowAndTheOldInProcessOne_checkAndUnpackAlike_forRestoreNodeAndVerifyRestore()
            throws Exception {
        requireTools();
        Path copy = Files.createDirectories(tmp.resolve("copy/db"));
        Files.write(copy.resolve("t.ibd"), new byte[200_000]);
        Files.writeString(tmp.resolve("copy/xtrabackup_binlog_info"), "binlog.000001\t3024\t0-1-13\n");
        byte[] tar = new ProcessBuilder("tar", "-C", tmp.resolve("copy").toString(), "-cf", "-", ".").start()
                .getInputStream().readAllBytes();
        // the old way: tar'ed here into the in-process zstd
        Path oldDay = Files.createDirectories(tmp.resolve("old"));
        try (OutputStream z = Compression.ZSTD.compress(Files.newOutputStream(oldDay.resolve("database-1.tar.zst")),
                0)) {
            z.write(tar);
        }
        // the node's way before: zstd -3 -T2 on the node
        Path newDay = Files.createDirectories(tmp.resolve("new"));
        Process z = new ProcessBuilder("zstd", "-3", "-T2", "-q", "-c").redirectOutput(newDay.resolve(
                "database-1.tar.zst").toFile()).start();
        try (OutputStream in = z.getOutputStream()) {
            in.write(tar);
        }
        assertThat(z.waitFor()).isZero();
        // the node's way of h18-speed: zstd -1 -T2
        Path lateDay = Files.createDirectories(tmp.resolve("late"));
        Process z1 = new ProcessBuilder("zstd", "-1", "-T2", "-q", "-c").redirectOutput(lateDay.resolve(
                "database-1.tar.zst").toFile()).start();
        try (OutputStream in = z1.getOutputStream()) {
            in.write(tar);
        }
        assertThat(z1.waitFor()).isZero();
        // the node's way now: tar's 1 MB records (its end padded to a whole MB), zstd -1 -T2
        Path nowDay = Files.createDirectories(tmp.resolve("now"));
        Process z2 = new ProcessBuilder("sh", "-c", "tar -C \"$1\" -b " + TarCommand.RECORD_BLOCKS + " -cf - . | zstd -1"
                + " -T2 -q -c", "sh", tmp.resolve("copy").toString()).redirectOutput(nowDay.resolve(
                "database-1.tar.zst").toFile()).start();
        assertThat(z2.waitFor()).isZero();
        Map<Path, Long> tarBytes = Map.of(oldDay, (long) tar.length, newDay, (long) tar.length, lateDay,
                (long) tar.length, nowDay, 1L << 20);

        for (Path d : List.of(oldDay, newDay, lateDay, nowDay)) {
            Path f = d.resolve("database-1.tar.zst");
            Manifest.Entry e = new Manifest.Entry("database", f.getFileName().toString(), Files.size(f), sha256(f),
                    tarBytes.get(d), "zstd", null, null, "n2", "replica", null, "0-1-13", "binlog.000001", 3024L, null,
                    null, Manifest.PHYSICAL, "10.11.19-MariaDB");
            assertThat(BackupVerifier.check(d, e).ok()).as(d + ": " + BackupVerifier.check(d, e)).isTrue();
            // restore-node's copy and verify --restore's unpack: Compression.ZSTD's stream into their tar -x, which
            // reads to the padded end (the writer is never cut off by a broken pipe)
            Path into = Files.createDirectories(d.resolve("unpacked"));
            Process x = new ProcessBuilder(TarCommand.extractArgv(into.toString())).start();
            try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(f));
                 OutputStream to = x.getOutputStream()) {
                assertThat(in.transferTo(to)).as(d + ": every byte taken").isEqualTo(tarBytes.get(d));
            }
            assertThat(x.waitFor()).isZero();
            assertThat(Files.size(into.resolve("db/t.ibd"))).isEqualTo(200_000);
            assertThat(Files.readString(into.resolve("xtrabackup_binlog_info"))).contains("0-1-13");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> tarList(Path file) throws Exception {
        Process p = new ProcessBuilder("tar", "-t", "-b", Integer.toString(TarCommand.RECORD_BLOCKS), "-f", "-").start();
        try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file));
             OutputStream to = p.getOutputStream()) {
            in.transferTo(to);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.lines().toList();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(md.digest());
    }

    private static boolean groupAlive(long pgid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!f[0].equals("Z") && Long.parseLong(f[2]) == pgid) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        }
        return false;
    }
}
