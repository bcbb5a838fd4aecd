package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 7: a whole node lost (link down) made every probe cycle last its shell probe's
 * timeout (ssh connect_timeout + arp_timeout + 2 s = 4.3 s), so two cycles took 8.8 s before a
 * failover could be proposed. A node that answered neither ping nor SQL is not waited for longer
 * than a short grace, and its shell probe is never started twice at once.
 */
class ProbeCycleTest {

    /** A shell that never answers within the probe's timeout (a session on a dead link). */
    static final class HangingShell implements NodeShell {
        final String node;
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        HangingShell(String node) {
            this.node = node;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            runs.incrementAndGet();
            try {
                release.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CommandResult(node, command, -1, "", "timed out after " + timeout.toMillis() + " ms", timeout);
        }
    }

    private final HangingShell shell = new HangingShell("n1");
    private ProbeCycle cycle;

    @AfterEach
    void tearDown() {
        shell.release.countDown();
        if (cycle != null) {
            cycle.close();
        }
    }

    /** Two nodes on TEST-NET-1 (nothing answers there): ping and SQL fail within 300 ms. */
    static HactlConfig darkPair() {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1",
                List.of(new NodeConfig("n1", "192.0.2.11", "eth0", ssh), new NodeConfig("n2", "192.0.2.12", "eth0", ssh)),
                new VipConfig("192.0.2.89", 24), new VipConfig("192.0.2.88", 24),
                new DatabaseConfig(3306, "agi", "agi", Secret.NONE, "repl", Secret.NONE, Duration.ofMillis(300),
                        Duration.ofMillis(300), null),
                List.of(), new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                        Duration.ofMillis(300)),
                io.hactl.config.BackupConfig.defaults(), Path.of("/var/lib/hactl"));
    }

    @Test
    void wholeNodeLossIsSlow_aNodeAnsweringNeitherPingNorSqlDoesNotHoldTheCycleForItsShellTimeout() {
        HangingShell other = new HangingShell("n2");
        cycle = new ProbeCycle(darkPair(), n -> n.name().equals("n1") ? shell : other);
        long t0 = System.nanoTime();
        ProbeSnapshot s = cycle.run();
        double took = (System.nanoTime() - t0) / 1e9;
        NodeProbe n1 = s.node("n1").orElseThrow();
        assertThat(n1.ping().reachable()).isFalse();
        assertThat(n1.db().responding()).isFalse();
        assertThat(n1.shell().ok()).isFalse();
        assertThat(n1.shell().error()).contains("no answer", "no ping and no SQL either");
        // the shell's own timeout is 4.3 s (2 s connect + 300 ms ARP + 2 s): the cycle ends well before
        assertThat(took).as("cycle on a dark pair, s").isLessThan(3.0);

        // the next cycle does not start a second shell probe while the first still hangs
        ProbeSnapshot again = cycle.run();
        assertThat(shell.runs.get()).isEqualTo(1);
        assertThat(again.node("n1").orElseThrow().shell().error()).contains("still waiting");
        other.release.countDown();
    }
}
