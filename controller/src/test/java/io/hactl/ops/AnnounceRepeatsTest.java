package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: the gratuitous ARP repeated over the first second, in the background, logged when done. */
class AnnounceRepeatsTest {

    static final NodeConfig N2 = new NodeConfig("n2", "198.51.100.12", "eth0", new SshConfig("root", 22, Path.of("/k"),
            Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    static final VipConfig VIP = new VipConfig("198.51.100.89", 24);

    @Test
    @DisplayName("The gratuitous ARP is repeated at +200 ms, +500 ms and +1 s, timed on the node, without holding the"
            + " caller; what was sent is logged when the repeats end")
    void repeatedAt200and500msAnd1s_inTheBackground_loggedWhenDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> commands = new CopyOnWriteArrayList<>();
        List<String> logged = new CopyOnWriteArrayList<>();
        NodeShell shell = new Held(release, commands, "sent\nsent\nsent\n", 0);

        long t0 = System.nanoTime();
        CompletableFuture<String> done = AnnounceRepeats.start(shell, N2, VIP, logged::add);
        long returnedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(returnedMs).as("start returns at once, the node still sleeping").isLessThan(500);
        assertThat(done).isNotDone();
        assertThat(logged).isEmpty();
        release.countDown();
        assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo("gratuitous ARP for 198.51.100.89 repeated at +200 ms,"
                + " +500 ms, +1 s: 3 of 3 sent");
        assertThat(logged).containsExactly(done.get());
        String c = commands.get(0);
        assertThat(c).containsSubsequence("sleep 0.200", "arping", "sleep 0.300", "arping", "sleep 0.500", "arping");
        assertThat(c).contains("-U", "-i 'eth0'", "-S '198.51.100.89'");
    }

    @Test
    void repeatsThatFailAreSaidWithTheNodesAnswer() throws Exception {
        CountDownLatch released = new CountDownLatch(0);
        List<String> logged = new CopyOnWriteArrayList<>();
        String words = AnnounceRepeats.start(new Held(released, new CopyOnWriteArrayList<>(), "sent\nfailed\n", 255), N2,
                VIP, logged::add).get(5, TimeUnit.SECONDS);

        assertThat(words).startsWith("gratuitous ARP for 198.51.100.89 repeated at +200 ms, +500 ms, +1 s: 1 of 3 sent (")
                .contains("n2");
    }

    @Test
    @DisplayName("Repeats handed to the node run detached: the shell that starts them returns at once, and they run on"
            + " after it (a CLI that exits does not cut them)")
    void handedToTheNode_theStartingShellReturnsAtOnce_theyRunAfterIt(@TempDir Path dir) {
        Path done = dir.resolve("done");
        long t0 = System.nanoTime();
        CommandResult r = new LocalShell("n2").run(AnnounceRepeats.detached("sleep 0.6; touch '" + done + "'")
                + "; echo " + AnnounceRepeats.HANDED, Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.out()).contains(AnnounceRepeats.HANDED);
        assertThat(ms).as("returned without waiting for the detached command").isLessThan(550);
        assertThat(done).as("not run yet when the shell returned").doesNotExist();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(done));
    }

    @Test
    @DisplayName("The hand-off command is the repeats' own command (+200 ms, +500 ms, +1 s), detached, then a line saying so")
    void theHandOffCommandIsTheRepeatsDetached() {
        String c = AnnounceRepeats.handOffCommand(N2, VIP);

        assertThat(c).containsSubsequence("setsid", "sleep 0.200", "arping", "sleep 0.300", "arping", "sleep 0.500",
                "arping", "</dev/null >/dev/null 2>&1 &", AnnounceRepeats.HANDED);
        assertThat(AnnounceRepeats.handedWords(N2, VIP)).isEqualTo("gratuitous ARP for 198.51.100.89 repeated at +200 ms,"
                + " +500 ms, +1 s by n2 itself: handed to the node, detached from hactl's session (they run after this"
                + " command exits)");
    }

    /** A shell whose command returns {@code out} once released. */
    record Held(CountDownLatch release, List<String> commands, String out, int exit) implements NodeShell {
        @Override
        public String node() {
            return "n2";
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            commands.add(command);
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CommandResult("n2", command, exit, out, exit == 0 ? "" : "ssh: connection lost",
                    Duration.ofMillis(1000));
        }
    }
}
