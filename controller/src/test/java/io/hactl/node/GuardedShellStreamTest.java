package io.hactl.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** A streamed command (the physical rebuild's copy) goes through the controller's guard like any other. */
class GuardedShellStreamTest {

    /** A shell that "streams" its stdin to stdout, recording the command as sent. */
    static final class Echo implements NodeShell {
        final List<String> sent = new ArrayList<>();

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
                                            LongConsumer onBytes) throws IOException {
            sent.add(command);
            long n = stdin.transferTo(stdout);
            onBytes.accept(n);
            return new SshShell.StreamResult(0, "", n, null);
        }
    }

    record Guard(boolean refuse, List<CommandResult> seen) implements GuardedShell.Guard {
        @Override
        public Optional<CommandResult> refuse(String node, String command) {
            return refuse ? Optional.of(new CommandResult(node, command, 77, "", "deposed: epoch 3 < 4",
                    Duration.ZERO)) : Optional.empty();
        }

        @Override
        public String wrap(String node, String command) {
            return "EPOCH=4 " + command;
        }

        @Override
        public void seen(CommandResult result) {
            seen.add(result);
        }
    }

    @Test
    void stream_isWrappedByTheGuard_andSeenAsWritten() throws IOException {
        Echo echo = new Echo();
        Guard guard = new Guard(false, new ArrayList<>());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SshShell.StreamResult r = new GuardedShell(echo, guard).stream("mbstream -x -C '/d'",
                new java.io.ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), out, Duration.ofSeconds(1),
                b -> { });
        assertThat(r.ok()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(echo.sent).containsExactly("EPOCH=4 mbstream -x -C '/d'");
        assertThat(guard.seen()).extracting(CommandResult::command).containsExactly("mbstream -x -C '/d'");
    }

    @Test
    void stream_refusedByTheGuard_neverRuns_andSaysWhy() throws IOException {
        Echo echo = new Echo();
        SshShell.StreamResult r = new GuardedShell(echo, new Guard(true, new ArrayList<>())).stream("mariadb-backup",
                InputStream.nullInputStream(), OutputStream.nullOutputStream(), Duration.ofSeconds(1), b -> { });
        assertThat(r.ok()).isFalse();
        assertThat(r.exit()).isEqualTo(77);
        assertThat(r.error()).contains("refused", "deposed: epoch 3 < 4");
        assertThat(echo.sent).isEmpty();
    }
}
