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

    /**
     * The network as a dark pair sees it: no ping reply, no database, no port — answered at once, and
     * nothing sent anywhere (the lab's range only, and not even there).
     */
    static final NetworkLooks DARK = new NetworkLooks() {
        @Override
        public NodeProbe.PingResult ping(String address, Duration timeout) {
            return new NodeProbe.PingResult(false, null, "no reply");
        }

        @Override
        public io.hactl.model.DbProbe db(String address) {
            return io.hactl.model.DbProbe.notResponding("connect timed out");
        }

        @Override
        public boolean port(String address, int port, Duration timeout) {
            return false;
        }
    };

    /** Two nodes whose ping and SQL fail ({@link #DARK}); addresses in the lab's range, never used by the lab. */
    static HactlConfig darkPair() {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1",
                List.of(new NodeConfig("n1", "198.51.100.211", "eth0", ssh), new NodeConfig("n2", "198.51.100.212", "eth0", ssh)),
                new VipConfig("198.51.100.89", 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "agi", "agi", Secret.NONE, "repl", Secret.NONE, Duration.ofMillis(300),
                        Duration.ofMillis(300), null),
                List.of(), new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                        Duration.ofMillis(300)),
                io.hactl.config.BackupConfig.defaults(), Path.of("/var/lib/hactl"));
    }

    @Test
    void wholeNodeLossIsSlow_aNodeAnsweringNeitherPingNorSqlDoesNotHoldTheCycleForItsShellTimeout() {
        HangingShell other = new HangingShell("n2");
        cycle = new ProbeCycle(darkPair(), n -> n.name().equals("n1") ? shell : other, DARK);
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

    /** A shell that answers at once: {@code answer} from the command and its stdin; every stdin recorded. */
    static final class ScriptedShell implements NodeShell {
        final String node;
        final java.util.function.BiFunction<String, String, CommandResult> answer;
        final java.util.List<String> stdins = new java.util.concurrent.CopyOnWriteArrayList<>();

        ScriptedShell(String node, java.util.function.BiFunction<String, String, CommandResult> answer) {
            this.node = node;
            this.answer = answer;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            stdins.add(stdin == null ? command : stdin);
            return answer.apply(command, stdin);
        }
    }

    static CommandResult ok(String node, String out) {
        return new CommandResult(node, "sh -s", 0, out, "", Duration.ofMillis(5));
    }

    /** The darkPair with tomcat (port 8080, a log) and a backend (no port, a log). */
    static HactlConfig darkPairWithServices() {
        HactlConfig c = darkPair();
        List<io.hactl.config.ServiceConfig> services = List.of(
                new io.hactl.config.ServiceConfig("backend", "b start", "b stop", "Backend {node}", null,
                        Duration.ofSeconds(5), Duration.ofSeconds(5), "/srv/{node}/backend.log", null),
                new io.hactl.config.ServiceConfig("tomcat", "t start", "t stop", "catalina {node}", 8080,
                        Duration.ofSeconds(5), Duration.ofSeconds(5), "/srv/{node}/catalina.out", null));
        return new HactlConfig(c.source(), c.clusterName(), c.nodes(), c.dbVip(), c.appVip(), c.database(), services,
                c.probe(), c.backup(), c.stateDirectory());
    }

    /** n2's probe script: its address, no service running, and (the look at n1) nothing of n1 answering. */
    static CommandResult n2Answers(String command, String stdin) {
        if (stdin != null && stdin.contains("@@ADDR")) {
            return ok("n2", "@@ADDR\n2: eth0    inet 198.51.100.12/24 scope global eth0\n@@MAC\n02:00:00:00:00:0c\n"
                    + "@@SVC backend\n\n@@SVC tomcat\n\n");
        }
        if (stdin != null && stdin.contains("/dev/tcp")) {
            return ok("n2", "@@PING 0\n@@PORT 22 0\n@@PORT 3306 0\n@@PORT 8080 0\n");
        }
        return new CommandResult("n2", command, 127, "", "unexpected", Duration.ZERO);
    }

    @Test
    void aNodeThatGivesNoPingAndNoShellIsLookedAtFromTheOtherNodeThroughItsShell() {
        NodeShell dead = new ScriptedShell("n1", (c, in) -> new CommandResult("n1", c, -1, "",
                "ssh to root@198.51.100.211:22: timeout: socket is not established", Duration.ofMillis(5)));
        ScriptedShell n2 = new ScriptedShell("n2", ProbeCycleTest::n2Answers);
        cycle = new ProbeCycle(darkPairWithServices(), n -> n.name().equals("n1") ? dead : n2, DARK);
        ProbeSnapshot s = cycle.run();
        NodeProbe n1 = s.node("n1").orElseThrow();
        assertThat(n1.peerView()).isNotNull();
        assertThat(n1.peerView().from()).isEqualTo("n2");
        assertThat(n1.peerView().confirmsLost()).as(n1.peerView().words()).isTrue();
        assertThat(n1.peerView().ports()).containsOnlyKeys(3306, 8080);
        assertThat(n2.stdins).anySatisfy(in -> assertThat(in).contains("A='198.51.100.211'", "ping -n -q -c 1 -W 1"));
        // n2 answers its shell: nobody asks n1 about it
        assertThat(s.node("n2").orElseThrow().peerView()).isNull();

        // the next cycle asks again (a look per cycle while the node stays dark)
        int looks = (int) n2.stdins.stream().filter(in -> in.contains("/dev/tcp")).count();
        assertThat(cycle.run().node("n1").orElseThrow().peerView().confirmsLost()).isTrue();
        assertThat(n2.stdins.stream().filter(in -> in.contains("/dev/tcp")).count()).isEqualTo(looks + 1);
    }

    @Test
    void whichArpingANodeHasIsAskedInTheFirstCycleAndKeptForTheNext() {
        // issue 20: the first script asks (A empty) and the node says; the next one starts that arping at once
        ScriptedShell n1 = new ScriptedShell("n1", (c, in) -> ok("n1", "@@ADDR\n@@MAC\n02:00:00:00:00:0b\n"
                + "@@SVC backend\n4242\n@@SVC tomcat\n4243\n@@ARP 198.51.100.89\n02:00:00:00:00:0b\n@@ARPING\nhabets\n"));
        ScriptedShell n2 = new ScriptedShell("n2", ProbeCycleTest::n2Answers);
        cycle = new ProbeCycle(darkPairWithServices(), n -> n.name().equals("n1") ? n1 : n2, DARK);
        cycle.run();
        cycle.run();
        List<String> scripts = n1.stdins.stream().filter(in -> in.contains("@@ADDR")).toList();
        assertThat(scripts).hasSize(2);
        assertThat(scripts.get(0)).contains("\nA=\n");
        assertThat(scripts.get(1)).contains("\nA=habets\n");
        // n2 never said: it is asked again
        assertThat(n2.stdins.stream().filter(in -> in.contains("@@ADDR"))).allMatch(in -> in.contains("\nA=\n"));
    }

    @Test
    void aNodeWhoseShellAnswersIsNotLookedAtFromTheOtherNodeThoughItsPingFails() {
        ScriptedShell n1 = new ScriptedShell("n1", (c, in) -> ok("n1", "@@ADDR\n@@MAC\n02:00:00:00:00:0b\n"
                + "@@SVC backend\n4242\n@@SVC tomcat\n4243\n"));
        ScriptedShell n2 = new ScriptedShell("n2", ProbeCycleTest::n2Answers);
        cycle = new ProbeCycle(darkPairWithServices(), n -> n.name().equals("n1") ? n1 : n2, DARK);
        ProbeSnapshot s = cycle.run();
        assertThat(s.node("n1").orElseThrow().peerView()).isNull();
    }

    @Test
    void aServiceThatIsDownOnANodeWhoseShellWorksCarriesItsLogsLastLines() {
        // n1: backend not running (the script tails its log); tomcat running, its port closed (tailed after)
        ScriptedShell n1 = new ScriptedShell("n1", (c, in) -> {
            if (in != null && in.contains("@@ADDR")) {
                return ok("n1", "@@ADDR\n@@MAC\n02:00:00:00:00:0b\n@@SVC backend\n\n@@LOG backend\n"
                        + "|Exception in thread main\n|  at Backend.run(Backend.java:42)\n@@SVC tomcat\n4243\n");
            }
            if (in != null && in.contains("tail -n 5 -- '/srv/n1/catalina.out'")) {
                return ok("n1", "@@LOG tomcat\n|SEVERE: Failed to initialize connector [8080]\n");
            }
            return new CommandResult("n1", c, 127, "", "unexpected", Duration.ZERO);
        });
        ScriptedShell n2 = new ScriptedShell("n2", ProbeCycleTest::n2Answers);
        cycle = new ProbeCycle(darkPairWithServices(), n -> n.name().equals("n1") ? n1 : n2, DARK);
        NodeProbe p = cycle.run().node("n1").orElseThrow();
        assertThat(p.service("backend").orElseThrow().logTail()).containsExactly("Exception in thread main",
                "  at Backend.run(Backend.java:42)");
        assertThat(p.service("tomcat").orElseThrow().running()).isTrue();
        assertThat(p.service("tomcat").orElseThrow().portOpen()).isFalse();
        assertThat(p.service("tomcat").orElseThrow().logTail()).containsExactly(
                "SEVERE: Failed to initialize connector [8080]");
    }

    /** Two nodes on loopback addresses where nothing listens on the database port: SQL is refused at once. */
    static HactlConfig refusingPair() {
        HactlConfig c = darkPairWithServices();
        SshConfig ssh = c.nodes().get(0).ssh();
        return new HactlConfig(c.source(), c.clusterName(),
                List.of(new NodeConfig("n1", "127.0.0.11", "eth0", ssh), new NodeConfig("n2", "127.0.0.12", "eth0", ssh)),
                c.dbVip(), c.appVip(), new DatabaseConfig(1, "agi", "agi", Secret.NONE, "repl", Secret.NONE,
                        Duration.ofMillis(300), Duration.ofMillis(300), null),
                c.services(), c.probe(), c.backup(), c.stateDirectory());
    }

    @Test
    void aFocusedReprobeAsksOnlyWhatDecidesACrash_noArpWait_theLastWholeCyclesOtherAnswersKept() {
        HactlConfig c = refusingPair();
        ScriptedShell n1 = new ScriptedShell("n1", (cmd, in) -> ok("n1", "@@DBPROC /srv/n1/mariadbd.pid\nGONE 4242\n"));
        ScriptedShell n2 = new ScriptedShell("n2", (cmd, in) -> ok("n2", ""));
        cycle = new ProbeCycle(c, n -> n.name().equals("n1") ? n1 : n2);
        // the last whole cycle: n1 the master (its pid file told by its server), both VIPs on it, its services up
        io.hactl.model.DbProbe answering = new io.hactl.model.DbProbe(true, null, io.hactl.model.DbProbe.Flavor.MARIADB,
                "10.11.19", false, null, "0-1-42", "0-1-42", "b.000001", 4L, null, "1", "/srv/n1/mariadbd.pid", null);
        List<io.hactl.model.ServiceProbe> up = List.of(new io.hactl.model.ServiceProbe("tomcat", true, List.of(7L), 8080,
                true, null));
        NodeProbe m = new NodeProbe("n1", "127.0.0.11", new NodeProbe.PingResult(true, 0.1, null),
                new NodeProbe.ShellResult(true, null), List.of("127.0.0.11", "198.51.100.89"), "02:00:00:00:00:0b",
                answering, up);
        NodeProbe r = new NodeProbe("n2", "127.0.0.12", new NodeProbe.PingResult(true, 0.1, null),
                new NodeProbe.ShellResult(true, null), List.of("127.0.0.12"), "02:00:00:00:00:0c", answering, List.of());
        io.hactl.model.VipProbe vip = new io.hactl.model.VipProbe("198.51.100.89", List.of("n1"),
                List.of("02:00:00:00:00:0b"), java.util.Map.of(), null);
        ProbeSnapshot last = new ProbeSnapshot("pair1", java.time.Instant.now().minusSeconds(1), Duration.ofMillis(800),
                List.of(m, r), vip, vip);

        ProbeSnapshot s = cycle.focus(last, "n1");

        assertThat(n1.stdins).singleElement().satisfies(in -> assertThat(in).contains("@@DBPROC", "F='/srv/n1/mariadbd.pid'")
                .doesNotContain("arping", "@@ADDR", "pgrep"));
        assertThat(n2.stdins).as("the replica is asked over SQL only").isEmpty();
        NodeProbe fm = s.node("n1").orElseThrow();
        assertThat(fm.db().failure()).isEqualTo(io.hactl.model.DbProbe.Failure.REFUSED);
        assertThat(fm.shell().ok()).isTrue();
        assertThat(fm.dbProcess()).isEqualTo(new io.hactl.model.DbProcess(false, 4242L, "/srv/n1/mariadbd.pid"));
        assertThat(fm.addresses()).as("kept").isEqualTo(m.addresses());
        assertThat(fm.services()).as("kept").isEqualTo(up);
        assertThat(fm.ping()).as("kept").isEqualTo(m.ping());
        assertThat(s.node("n2").orElseThrow().db()).as("the replica read again").isNotEqualTo(answering);
        assertThat(s.dbVip()).isEqualTo(vip);
        assertThat(s.takenAt()).isAfter(last.takenAt());
    }

    @Test
    void aFocusedReprobeIsNotPossibleBeforeAWholeCycleOrWithoutTheMastersPidFile() {
        HactlConfig c = refusingPair();
        ScriptedShell n1 = new ScriptedShell("n1", (cmd, in) -> ok("n1", ""));
        cycle = new ProbeCycle(c, n -> n1);
        assertThat(cycle.focus(null, "n1")).isNull();
        NodeProbe m = new NodeProbe("n1", "127.0.0.11", new NodeProbe.PingResult(true, 0.1, null),
                new NodeProbe.ShellResult(true, null), List.of("127.0.0.11"), null,
                io.hactl.model.DbProbe.notResponding("refused"), List.of());
        ProbeSnapshot last = new ProbeSnapshot("pair1", java.time.Instant.now(), Duration.ofMillis(800), List.of(m),
                null, null);
        assertThat(cycle.focus(last, "n1")).as("no pid file known").isNull();
        assertThat(n1.stdins).isEmpty();
    }
}
