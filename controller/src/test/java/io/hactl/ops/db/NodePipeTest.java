package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.pair.StepFailed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The physical copy's pipe: one node's output into the other's input, through this process. */
class NodePipeTest {

    /** A node whose command writes {@code bytes} bytes then exits {@code exit} (mariadb-backup). */
    record Source(int bytes, int exit, String stderr) implements NodeShell {
        @Override
        public String node() {
            return "n1";
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout, Duration idle,
                                            LongConsumer onBytes) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            long n = 0;
            while (n < bytes) {
                int k = (int) Math.min(chunk.length, bytes - n);
                stdout.write(chunk, 0, k);
                n += k;
                onBytes.accept(n);
            }
            return new SshShell.StreamResult(exit, stderr, n, null);
        }
    }

    /** A node whose command reads its input to the end (mbstream), or fails after {@code failAfter} bytes. */
    static final class Sink implements NodeShell {
        final AtomicLong read = new AtomicLong();
        final AtomicReference<String> end = new AtomicReference<>();
        final long failAfter;

        Sink(long failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public String node() {
            return "n2";
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout, Duration idle,
                                            LongConsumer onBytes) {
            byte[] buf = new byte[8192];
            try {
                int k;
                while ((k = stdin.read(buf)) >= 0) {
                    if (read.addAndGet(k) >= failAfter) {
                        end.set("failed");
                        return new SshShell.StreamResult(1, "mbstream: write error: No space left on device", read.get(),
                                null);
                    }
                }
                end.set("clean end");
                return new SshShell.StreamResult(0, "", read.get(), null);
            } catch (IOException e) {
                end.set("input failed: " + e.getMessage());
                return new SshShell.StreamResult(-1, "", read.get(), "its input failed");
            }
        }
    }

    @Test
    void everyByteGoesAcross_andTheTargetSeesACleanEnd() {
        Sink sink = new Sink(Long.MAX_VALUE);
        AtomicLong progress = new AtomicLong();
        long n = NodePipe.copy(new Source(3_000_000, 0, ""), "backup", sink, "extract", "/var/lib",
                Duration.ofSeconds(5), progress::set);
        assertThat(n).isEqualTo(3_000_000);
        assertThat(sink.read.get()).isEqualTo(3_000_000);
        assertThat(sink.end.get()).isEqualTo("clean end");
        assertThat(progress.get()).isEqualTo(3_000_000);
    }

    @Test
    void aKilledSource_isAFailureNamingIt_andTheTargetNeverSeesACleanEnd() {
        Sink sink = new Sink(Long.MAX_VALUE);
        assertThatThrownBy(() -> NodePipe.copy(new Source(500_000, 137, "a\nb\n[00] Copying ./ibdata1\n"), "backup", sink,
                "extract", "/var/lib", Duration.ofSeconds(5), b -> { }))
                .isInstanceOf(StepFailed.class)
                .hasMessageStartingWith("the copy stopped: mariadb-backup on n1 exited 137 (killed): ...")
                .hasMessageContaining("[00] Copying ./ibdata1");
        assertThat(sink.end.get()).startsWith("input failed");
    }

    @Test
    void aTargetWhoseDiskFills_isNamedFirst_withWhereToFreeSpace() {
        Sink sink = new Sink(200_000);
        assertThatThrownBy(() -> NodePipe.copy(new Source(5_000_000, 0, ""), "backup", sink, "extract", "/var/lib",
                Duration.ofSeconds(5), b -> { }))
                .isInstanceOf(StepFailed.class)
                .hasMessageStartingWith("the copy stopped: mbstream -x on n2 exited 1: ...mbstream: write error: No space"
                        + " left on device")
                .hasMessageContaining("n2's disk is full in /var/lib: free space there, then again");
    }
}
