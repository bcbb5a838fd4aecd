package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.api.ApiClient;
import io.hactl.bench.NumberedWriter;
import io.hactl.lab.Lab;
import io.hactl.lab.LabException;
import io.hactl.lab.LabControllers;
import io.hactl.lab.LabControllers.View;
import io.hactl.lab.LabExtension;
import io.hactl.lab.LabNode;
import io.hactl.lab.TableChecksums;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16 in the lab: three coordinated controllers, one per namespace (n1, n2, the witness w), on
 * the lab's ZooKeeper ensemble ({@link LabControllers}). Each test starts the three afresh (their own
 * state directories, nothing left of the previous test's) and removes them after, then heals: the
 * other lab tests run their own uncoordinated controller on this machine and must not meet these.
 * Everything waits on conditions read from the controllers' APIs and the pair; the bounds are wide
 * (three more JVMs on two loaded cores) and the measured times are printed as [lab-figure] lines.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class CoordinationLabIT {

    /** The lab controllers' session timeout ({@code LabTexts.CONTROLLER_SESSION_TIMEOUT}). */
    static final Duration SESSION = Duration.ofSeconds(3);
    /** Three JVMs starting side by side on two cores, then an election and a first cycle each. */
    static final Duration START = Duration.ofSeconds(120);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String DB_VIP = "198.51.100.89";

    private NumberedWriter writer;

    @AfterEach
    void removeTheControllersAndHeal(Lab lab) {
        if (writer != null) {
            writer.close();
        }
        for (String m : List.of("n1", "n2", "w")) {
            Path out = lab.controllers().output(m);
            if (Files.exists(out)) {
                try {
                    System.out.println("[controller " + m + "]\n" + tail(Files.readString(out), 4000));
                } catch (IOException e) {
                    System.out.println("[controller " + m + "] unreadable: " + e.getMessage());
                }
            }
        }
        lab.controllers().removeAll();
        lab.heal();
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    private static void figure(String name, double seconds) {
        System.out.printf(Locale.ROOT, "[lab-figure] %s %.2f s%n", name, seconds);
    }

    /** The three started afresh; returns the leader once it and both followers have probed. */
    private static View startThree(Lab lab) {
        lab.controllers().startAll();
        return awaitAllProbing(lab);
    }

    /**
     * The three started with {@code first} alone until it leads (a latch's first participant leads),
     * then the other two: the leader is where a test wants it.
     */
    private static View startWithLeader(Lab lab, String first) {
        lab.controllers().startAll(first);
        return awaitAllProbing(lab);
    }

    private static View awaitAllProbing(Lab lab) {
        View leader = lab.controllers().awaitLeader(START, View::probingAsLeader);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<View> all = lab.controllers().views();
            assertThat(all).as(describe(all)).allMatch(v -> v.answered() && v.cycles() > 0);
            assertThat(all.stream().filter(View::leader)).as(describe(all)).hasSize(1);
            assertThat(all.stream().filter(View::follower)).as(describe(all)).hasSize(2);
        });
        return leader;
    }

    private static String describe(List<View> views) {
        return String.join("; ", views.stream().map(View::describe).toList());
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private static String token(Lab lab) throws IOException {
        return Files.readString(lab.layout().operatorToken()).strip();
    }

    private static ApiClient api(String member) {
        return new ApiClient(LabNode.host(member).address(), LabControllers.PORT, Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    private static List<TransitionEntry> log(Lab lab, String member) {
        return new TransitionLog(lab.controllers().stateDir(member)).read();
    }

    /** What the pair is: each node's read_only, who holds the DB VIP, and its data's checksums. */
    private record Pair(String n1ReadOnly, String n2ReadOnly, boolean vipOnN1, boolean vipOnN2,
                        TableChecksums n1, TableChecksums n2) {
        static Pair of(Lab lab) {
            return new Pair(sql(lab, "n1", "SELECT @@read_only"), sql(lab, "n2", "SELECT @@read_only"),
                    holdsVip(lab, "n1"), holdsVip(lab, "n2"), lab.tableChecksums("n1"), lab.tableChecksums("n2"));
        }
    }

    /** The first end of operation {@code name} in a controller's log. */
    private static OperationEntry operationEnd(List<TransitionEntry> log, String name) {
        return log.stream().filter(e -> e instanceof OperationEntry o && name.equals(o.operation())
                        && o.event() == TransitionEntry.Event.OPERATION_END).map(OperationEntry.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no end of operation " + name + " in " + log.stream()
                        .filter(OperationEntry.class::isInstance).map(Object::toString).toList()));
    }

    private static boolean holdsVip(Lab lab, String node) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out().contains(DB_VIP + "/");
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    @DisplayName("(1) kill -9 of the leader's controller: another leads and probes within the session timeout + one cycle")
    void leaderKilled_anotherLeadsAndProbesWithinTheSessionTimeoutPlusOneCycle(Lab lab) {
        View old = startThree(lab);
        long cycleMillis = old.status().path("lastCycleMillis").asLong();
        Instant killed = Instant.now();
        assertThat(lab.controllers().kill9(old.member())).isTrue();

        View next = lab.controllers().awaitLeader(WAIT, v -> !v.member().equals(old.member()) && v.probingAsLeader());
        double took = Duration.between(killed, next.lastCycleAt()).toMillis() / 1000.0;
        double tookToLead = Duration.between(killed, next.since()).toMillis() / 1000.0;
        figure("leader's controller killed -> new leader (" + next.member() + ")", tookToLead);
        figure("leader's controller killed -> new leader's first cycle", took);
        assertThat(next.epoch()).isGreaterThan(old.epoch());
        // the session timeout, one probe interval and one cycle as long as the last one; 2 s for the loaded machine
        assertThat(took).as("kill -9 to the new leader's first cycle (s)")
                .isLessThan(SESSION.toMillis() / 1000.0 + 1 + cycleMillis / 1000.0 + 2);
        // the survivor that does not lead follows
        String third = Stream.of("n1", "n2", "w").filter(m -> !m.equals(old.member()) && !m.equals(next.member()))
                .findFirst().orElseThrow();
        assertThat(lab.controllers().view(third).follower()).as(lab.controllers().view(third).describe()).isTrue();
    }
    /**
     * Where the operator's acknowledgement of the node-failover proposal goes: the other surviving
     * controller, a follower, which records it in ZooKeeper for the leader to execute once (issue 16,
     * ack anywhere).
     */
    private static String ackingController(View leader, View follower) {
        return follower.member();
    }

    @Test
    @DisplayName("(2) the master's whole node lost with the leading controller and its ZooKeeper member: the surviving"
            + " leader proposes the failover, it is acknowledged, n2 is master with every acknowledged row")
    void mastersNodeLostWithTheLeader_survivingLeaderProposes_acknowledged_n2MasterWithEveryAcknowledgedRow(Lab lab)
            throws Exception {
        View old = startWithLeader(lab, "n1");
        assertThat(old.member()).isEqualTo("n1");
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "coord-" + System.nanoTime(),
                Duration.ofMillis(10)).start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> writer.count() > 50);

        long t0 = System.nanoTime();
        Instant linkDownAt = Instant.now();
        lab.nsExec("n1", "ip", "link", "set", "eth0", "down"); // its MariaDB, its controller, its ZooKeeper member
        View leader = lab.controllers().awaitLeader(WAIT, v -> !v.member().equals("n1")
                && (!v.proposals("NODE_FAILOVER").isEmpty() || !v.proposals("FAILOVER").isEmpty()));
        figure("master's node lost with the leader -> failover proposal from " + leader.member(),
                (System.nanoTime() - t0) / 1e9);
        JsonNode p = !leader.proposals("NODE_FAILOVER").isEmpty() ? leader.proposals("NODE_FAILOVER").get(0)
                : leader.proposals("FAILOVER").get(0);
        assertThat(p.path("node").asText()).isEqualTo("n2");
        assertThat(leader.epoch()).isGreaterThan(old.epoch());
        View follower = lab.controllers().views().stream()
                .filter(v -> !v.member().equals("n1") && !v.member().equals(leader.member())).findFirst().orElseThrow();
        assertThat(follower.follower()).as(follower.describe()).isTrue();
        // a follower proposes nothing of its own: it lists the leader's proposal, the same one (ack anywhere)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                lab.controllers().view(follower.member()).proposals(p.path("kind").asText()))
                .extracting(j -> j.path("id").asText()).containsExactly(p.path("id").asText()));

        String via = ackingController(leader, follower);
        long a0 = System.nanoTime();
        ApiClient.Reply r = api(via).post("/api/proposals/" + p.path("id").asText() + "/ack",
                Map.of("comment", "lab: n1's node lost"), token(lab));
        assertThat(r.ok()).as(r.raw()).isTrue();
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        assertThat(r.json().path("outcome").asText()).as(r.raw()).isEqualTo("RECORDED");
        // the leader took it once, and its log says through whom
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(log(lab, leader.member()))
                .filteredOn(e -> e instanceof io.hactl.log.ProposalEntry pe && pe.event() == TransitionEntry.Event.ACK)
                .singleElement().satisfies(e -> assertThat(((io.hactl.log.ProposalEntry) e).why())
                        .contains("via " + via)));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> "0".equals(sql(lab, "n2", "SELECT @@read_only")));
        figure("ack through " + via + " -> n2 writable", (System.nanoTime() - a0) / 1e9);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> holdsVip(lab, "n2"));
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> writer.count() > before + 20);

        // issue 13 row 6: n1's controller, cut off from ZooKeeper and from n2, fenced n1 itself, before the
        // leader's promotion (whose first step waited for n1's lease to end); its link back, it takes no write
        OperationEntry selfFence = operationEnd(log(lab, "n1"), "self-fence");
        assertThat(selfFence.result()).as(selfFence.toString()).isEqualTo("ok");
        assertThat(Files.readString(lab.controllers().output("n1"))).contains("self-fence of n1: done: DB VIP detached");
        OperationEntry lease = operationEnd(log(lab, leader.member()), "lease");
        assertThat(log(lab, leader.member())).anyMatch(e -> e instanceof OperationEntry o && "lease".equals(o.operation())
                && o.event() == TransitionEntry.Event.STEP_END && o.detail() != null
                && o.detail().contains("n1's lease is over"));
        assertThat(selfFence.time()).as("n1 fenced itself before the promotion started").isBefore(lease.time());
        figure("n1's link down -> n1 fenced itself", Duration.between(linkDownAt, selfFence.time()).toMillis() / 1000.0);
        lab.nsExec("n1", "ip", "link", "set", "eth0", "up");
        assertThat(sql(lab, "n1", "SELECT @@read_only")).as("n1 read-only when its link is back").isEqualTo("1");
        assertThat(holdsVip(lab, "n1")).as("n1 holds the DB VIP when its link is back").isFalse();
        int back = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> writer.count() > back + 50);
        assertThat(sql(lab, "n1", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='" + writer.writer()
                + "' AND n > " + back)).as("rows written to n1 after its link came back").isEqualTo("0");
        writer.close();

        Set<Long> missing = new HashSet<>(writer.acknowledged());
        for (String n : sql(lab, "n2", "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writer.writer() + "'")
                .split("\n")) {
            if (!n.isBlank()) {
                missing.remove(Long.valueOf(n.strip()));
            }
        }
        assertThat(missing).as("acknowledged rows missing on n2 (of %d)", writer.acknowledged().size()).isEmpty();
        // the node failover goes on after the database (the application's VIP, its services on n2): its end
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(log(lab, leader.member()))
                .anyMatch(e -> e instanceof OperationEntry o && o.event() == TransitionEntry.Event.OPERATION_END
                        && "ok".equals(o.result())));
    }

    @Test
    @DisplayName("(3) the leader's JVM stopped longer than the session: a new leader switches over; the old one,"
            + " continued, changes nothing and follows")
    void leaderStoppedPastItsSession_newLeaderSwitchesOver_oldOneContinuedChangesNothingAndFollows(Lab lab)
            throws Exception {
        View old = startThree(lab);
        lab.controllers().stop(old.member());
        View next = lab.controllers().awaitLeader(WAIT, v -> !v.member().equals(old.member()) && v.probingAsLeader()
                && "ACTIVE_SYNCED".equals(v.state()));
        assertThat(next.epoch()).isGreaterThan(old.epoch());

        ApiClient.Reply r = api(next.member()).post("/api/switchover",
                Map.of("node", "n2", "reason", "lab: the old leader is stopped"), token(lab));
        assertThat(r.ok()).as(r.raw()).isTrue();
        // the switchover ends n1's client sessions (the write block): a query of ours caught in it is asked again
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(LabException.class)
                .until(() -> "0".equals(sql(lab, "n2", "SELECT @@read_only"))
                        && "1".equals(sql(lab, "n1", "SELECT @@read_only")) && holdsVip(lab, "n2"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> log(lab, next.member()).stream()
                .anyMatch(e -> e instanceof OperationEntry o && o.event() == TransitionEntry.Event.OPERATION_END));
        Pair after = Pair.of(lab);

        Instant resumed = Instant.now();
        lab.controllers().cont(old.member());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            View v = lab.controllers().view(old.member());
            assertThat(v.follower()).as(v.describe()).isTrue();
        });
        // a few cycles of the old one as a follower: still nothing from it
        long cycles = lab.controllers().view(old.member()).cycles();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.controllers().view(old.member()).cycles() >= cycles + 3);
        assertThat(log(lab, old.member())).as("the old leader's operation lines after it was continued")
                .noneMatch(e -> e instanceof OperationEntry o && !o.time().isBefore(resumed)
                        && (o.event() == TransitionEntry.Event.OPERATION_START || o.event() == TransitionEntry.Event.STEP_START));
        assertThat(Pair.of(lab)).isEqualTo(after);
        assertThat(lab.controllers().leader().map(View::member)).contains(next.member());
        assertNodesHoldNoEpochAbove(lab, next.epoch());
    }

    /**
     * The nodes' epoch files (controller.coordination.epoch_directory, {@code <lab>/<node>/fencing/epoch},
     * written by the step guard, NodeEpochGuard, with each step's epoch): the new leader's switchover
     * changed both nodes, so each holds its epoch, none above it.
     */
    private static void assertNodesHoldNoEpochAbove(Lab lab, long newest) throws IOException {
        List<Long> seen = new ArrayList<>();
        for (String node : List.of("n1", "n2")) {
            Path f = lab.dir().resolve(node).resolve("fencing").resolve("epoch");
            assertThat(f).as("the epoch file on " + node).exists();
            seen.add(Long.parseLong(Files.readString(f).strip()));
        }
        System.out.println("[lab-note] epoch files on the nodes: " + seen + " (newest leader's epoch " + newest + ")");
        assertThat(seen).containsOnly(newest);
    }

    @Test
    @DisplayName("(4) two controllers and their ZooKeeper members stopped: the third reports no quorum, nothing"
            + " changes on the pair")
    void twoControllersAndTheirMembersStopped_theThirdReportsNoQuorum_nothingChangesOnThePair(Lab lab) {
        View kept = startThree(lab);
        List<String> gone = Stream.of("n1", "n2", "w").filter(m -> !m.equals(kept.member())).toList();
        Pair before = Pair.of(lab);
        Instant lost = Instant.now();
        for (String m : gone) {
            lab.controllers().stop(m);
            lab.pauseZookeeper(m);
        }
        long t0 = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            View v = lab.controllers().view(kept.member());
            assertThat(v.noQuorum()).as(v.describe()).isTrue();
        });
        figure("two members gone -> no quorum in the third controller's status", (System.nanoTime() - t0) / 1e9);
        View v = lab.controllers().view(kept.member());
        assertThat(v.role()).contains("no proposals, no operations");
        long cycles = v.cycles();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.controllers().view(kept.member()).cycles() >= cycles + 3);
        View later = lab.controllers().view(kept.member());
        assertThat(later.noQuorum()).as(later.describe()).isTrue();
        assertThat(later.status().path("proposals")).isEmpty();
        assertThat(Pair.of(lab)).isEqualTo(before);
        assertThat(log(lab, kept.member())).noneMatch(e -> e instanceof OperationEntry o && !o.time().isBefore(lost)
                && (o.event() == TransitionEntry.Event.OPERATION_START || o.event() == TransitionEntry.Event.STEP_START));
    }
    @Test
    @DisplayName("heal continues a stopped controller and starts a killed one; removeAll leaves none and nothing of them")
    void healContinuesAStoppedControllerAndStartsAKilledOne_removeAllLeavesNothing(Lab lab) {
        startThree(lab);
        lab.controllers().kill9("n2");
        lab.controllers().stop("w");
        List<String> healed = lab.heal();
        assertThat(healed).contains("start the controller on n2", "SIGCONT to the controller on w");
        awaitAllProbing(lab);

        assertThat(lab.controllers().removeAll()).containsExactly("n1", "n2", "w");
        for (String m : List.of("n1", "n2", "w")) {
            assertThat(lab.controllers().running(m)).as(m).isFalse();
            assertThat(lab.controllers().config(m).getParent()).as(m).doesNotExist();
        }
        assertThat(lab.heal()).noneMatch(a -> a.contains("controller"));
    }
}
