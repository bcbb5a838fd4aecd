package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.ops.StubTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a physical backup's plan asks the node (its mariadb-backup, its zstd, its data directory's size, the
 * bytes free beside it) in one SSH command where it took four. Run for real on this machine as the node, with
 * stand-in tools on the PATH (or none).
 */
class BackupNodeFactsTest {

    @TempDir
    Path tmp;

    private final List<String> commands = new CopyOnWriteArrayList<>();

    private NodeShell node(Path bin) {
        LocalShell local = new LocalShell("n2");
        for (String t : List.of("du", "df", "tr", "cut", "tail")) {      // only these of this machine's programs
            Path link = bin.resolve(t);
            if (!Files.exists(link)) {
                try {
                    Files.createSymbolicLink(link, List.of(Path.of("/usr/bin", t), Path.of("/bin", t)).stream()
                            .filter(Files::isExecutable).findFirst().orElseThrow());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        String path = "PATH=" + bin + "; export PATH; ";
        return new NodeShell() {
            @Override
            public String node() {
                return "n2";
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                commands.add(command);
                return local.run(path + command, stdin, timeout);
            }

            @Override
            public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout,
                                                Duration idleLimit, LongConsumer onBytes) throws IOException {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theNodesToolsDataSizeAndFreeSpace_areAskedInOneCommand_readAsTheFourCommandsReadThem() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        StubTools.write(bin, "mariadb-backup", "echo 'mariadb-backup based on MariaDB server 10.11.19-MariaDB Linux (x86_64)'");
        StubTools.write(bin, "mbstream", "exit 0");
        StubTools.write(bin, "zstd", "echo '*** Zstandard CLI (64-bit) v1.5.4, by Yann Collet ***'");
        Path data = Files.createDirectories(tmp.resolve("my sql/data"));
        Files.write(data.resolve("ibdata1"), new byte[100_000]);

        BackupNodeFacts f = BackupNodeFacts.read(node(bin), data.toString());

        assertThat(commands).hasSize(1);
        assertThat(f.tool()).isEqualTo("mariadb-backup based on MariaDB server 10.11.19-MariaDB Linux (x86_64)");
        assertThat(MethodChoice.major(f.tool())).isEqualTo("10.11");
        assertThat(f.zstd()).isEqualTo("*** Zstandard CLI (64-bit) v1.5.4, by Yann Collet ***");
        assertThat(f.du()).isGreaterThanOrEqualTo(100_000);
        // df's own figure a moment later: the disk is shared, its free bytes move between the two readings
        long df = PhysicalRebuild.parseDf(node(bin).run(PhysicalRebuild.dfCommand(new PhysicalRebuild.Dirs(
                data.toString())), null, Duration.ofSeconds(10)).out());
        assertThat(f.free()).isPositive().isCloseTo(df, org.assertj.core.api.Assertions.within(1L << 30));
    }

    @Test
    void aNodeWithoutTheTools_andWithoutTheDirectory_saysNoneAndUnmeasured_ratherThanFailing() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("empty-bin"));
        StubTools.write(bin, "mariadb-backup", "echo 'mariadb-backup based on MariaDB server 10.11.19-MariaDB'");   // no mbstream

        BackupNodeFacts f = BackupNodeFacts.read(node(bin), tmp.resolve("nowhere/data").toString());

        assertThat(f.tool()).as("mariadb-backup without mbstream counts as none, as before").isNull();
        assertThat(f.zstd()).isNull();
        assertThat(f.du()).isEqualTo(-1);
        assertThat(f.free()).isEqualTo(-1);
    }

    @Test
    void command_quotesTheDirectories_afterDashDash() {
        assertThat(BackupNodeFacts.command("/var/lib/my sql's/data")).contains("du -sb -- '/var/lib/my sql'\\''s/data'",
                "df -PB1 -- '/var/lib/my sql'\\''s'");
    }
}
