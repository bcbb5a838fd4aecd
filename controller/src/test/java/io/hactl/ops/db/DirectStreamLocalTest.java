package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import io.hactl.ops.StubTools;
import io.hactl.pair.StepFailed;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct stream's two ends for real on this machine (socat on 127.0.0.1), with stand-ins for
 * mariadb-backup (bytes of /dev/zero) and mbstream (what arrives, into a file): both ends started by
 * PID, watched to their end, and on a failure both stopped, nothing left listening.
 */
class DirectStreamLocalTest {

    @TempDir
    Path tmp;

    private Path bin;
    private PhysicalRebuild.Dirs dirs;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(new LocalShell("here").run("command -v socat && command -v setsid",
                Duration.ofSeconds(5)).ok(), "socat and setsid on this machine");
        bin = Files.createDirectories(tmp.resolve("bin"));
        StubTools.write(bin, "mbstream", "cat > \"$3/stream\"");
        dirs = new PhysicalRebuild.Dirs(tmp.resolve("data").toString());
        Files.createDirectories(Path.of(dirs.fresh()));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    /** This machine, as node {@code name}, with the stand-ins first on its PATH. */
    private NodeShell node(String name) {
        LocalShell local = new LocalShell(name);
        return new NodeShell() {
            @Override
            public String node() {
                return name;
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                return local.run(StubTools.firstOnPath(bin) + command, stdin, timeout);
            }
        };
    }

    private DirectStream stream() {
        return new DirectStream(node("n1"), node("n2"), new DirectStream.Ends("127.0.0.1", "127.0.0.1", port));
    }

    @Test
    void theMastersStream_arrivesWholeOnTheNode_throughTheListener_andBothEndsAreGoneAfter() throws IOException {
        StubTools.write(bin, "mariadb-backup", "head -c 3000000 /dev/zero");
        DirectStream s = stream();
        NodeProcess l = s.listen(dirs);
        NodeProcess snd = s.send("/etc/mysql/my.cnf");
        List<Long> seen = new ArrayList<>();
        long bytes = s.await(dirs, Duration.ofSeconds(30), seen::add);
        assertThat(bytes).as("the receiving directory's size (du -sb: its entry too)").isBetween(3_000_000L, 3_008_192L);
        assertThat(Files.size(Path.of(dirs.fresh(), "stream"))).isEqualTo(3_000_000L);
        assertThat(seen).isNotEmpty().last().isEqualTo(bytes);
        assertThat(groupAlive(l.pid())).isFalse();
        assertThat(groupAlive(snd.pid())).isFalse();
        assertThat(Path.of(l.dir())).doesNotExist();
        assertThat(Path.of(snd.dir())).doesNotExist();
        assertThat(s.stopBoth()).as("nothing of theirs left to stop").isEqualTo("nothing was started");
    }

    @Test
    void aKilledMariadbBackup_stopsBothEndsByPid_namesItFirst_andNothingListensAfter() throws Exception {
        StubTools.write(bin, "mariadb-backup", "head -c 100000 /dev/zero; exec sleep 60");
        DirectStream s = stream();
        NodeProcess l = s.listen(dirs);
        NodeProcess snd = s.send("/etc/mysql/my.cnf");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(dirs.fresh(), "stream"))
                && Files.size(Path.of(dirs.fresh(), "stream")) == 100_000L);
        long backup = pidIn(snd.pid(), "sleep 60");
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(backup)).start().waitFor()).isZero();

        assertThatThrownBy(() -> s.await(dirs, Duration.ofSeconds(30), b -> { }))
                .isInstanceOf(StepFailed.class)
                .hasMessageStartingWith("the copy stopped: mariadb-backup on n1 exited 137 (killed)")
                .hasMessageContaining("both ends stopped (n1 pid " + snd.pid() + ", n2 pid " + l.pid() + "), nothing"
                        + " listens on 127.0.0.1:" + port);
        assertThat(groupAlive(l.pid())).isFalse();
        assertThat(groupAlive(snd.pid())).isFalse();
        assertThat(listening()).as("no socat left listening on " + port).isFalse();
    }

    @Test
    void aListenerThatNeverGetsAConnection_isStoppedByPid_andNothingListensAfter() throws Exception {
        DirectStream s = stream();
        NodeProcess l = s.listen(dirs);
        await().atMost(Duration.ofSeconds(10)).until(this::listening);
        assertThat(s.stopBoth()).isEqualTo("both ends stopped (n2 pid " + l.pid() + "), nothing listens on 127.0.0.1:"
                + port);
        assertThat(groupAlive(l.pid())).isFalse();
        assertThat(listening()).isFalse();
    }

    @Test
    void theProbe_reachesItsOwnListener_andSaysWhyWhenThePortIsTaken() throws IOException {
        assertThat(stream().probe()).isNull();
        assertThat(listening()).as("the probe's listener is gone").isFalse();
        try (ServerSocket taken = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(stream().probe()).startsWith("the listener on n2 exited 1").contains("Address already in use");
        }
    }

    private boolean listening() {
        return new LocalShell("here").run("ss -Hltn 'sport = :" + port + "' | grep -q .", Duration.ofSeconds(5)).ok();
    }

    /** Whether a process of group {@code pgid} runs (zombies, reaped later by init, do not). */
    private static boolean groupAlive(long pgid) throws IOException {
        return inGroup(pgid, null) != null;
    }

    /** The PID of the process in group {@code pgid} whose command line contains {@code part}. */
    private static long pidIn(long pgid, String part) throws IOException {
        Long pid = inGroup(pgid, part);
        if (pid == null) {
            throw new IllegalStateException("no '" + part + "' in group " + pgid);
        }
        return pid;
    }

    /** A live (not zombie) process of group {@code pgid} whose command line contains {@code part} (null: any). */
    private static Long inGroup(long pgid, String part) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!f[0].equals("Z") && Long.parseLong(f[2]) == pgid && (part == null || cmd.contains(part))) {
                        return Long.parseLong(p.getFileName().toString());
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return null;
    }
}
