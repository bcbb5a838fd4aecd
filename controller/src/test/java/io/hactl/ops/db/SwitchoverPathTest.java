package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.HactlConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionLog;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.AnnounceRepeats;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, "switchover command ≤ 1 s": the planned switch (db-master-set, n1 the master, n2 its
 * replica, both up) against two simulated nodes that record every effect in one list. What may
 * run at once does (both nodes' SSH and SQL at the start; the ARP check after the commit point
 * beside the old master's steps); every safety step and its log entry stays; the gratuitous ARP
 * repeats are handed to the new master's node, so a CLI that exits does not cut them.
 */
class SwitchoverPathTest {

    static final String VIP = "198.51.100.89";

    @TempDir
    Path dir;

    final List<String> effects = new CopyOnWriteArrayList<>();
    final Set<String> vipOn = ConcurrentHashMap.newKeySet();
    final StringWriter out = new StringWriter();
    /** The first SSH use and the SQL connect of each node: all four in flight at once, or not. */
    final CountDownLatch opening = new CountDownLatch(4);
    final Set<String> opened = ConcurrentHashMap.newKeySet();
    final Map<String, Boolean> openedTogether = new ConcurrentHashMap<>();
    /** Released when the old master has been pointed at the new one and started replicating. */
    final CountDownLatch replicating = new CountDownLatch(1);
    final List<String> n2Commands = new CopyOnWriteArrayList<>();
    /** The ARP check held until n1 replicates (true: it was still being asked then). */
    boolean holdArpCheck;
    /** n2's DB VIP add fails (before the commit point: the switch is rolled back). */
    boolean failVipAdd;
    /** n1's DB VIP removal held until n1 replicates (true: it was still running then). */
    boolean holdRemoval;

    {
        vipOn.add("n1");
    }

    @Test
    @DisplayName("Switchover ≤ 1 s: the SSH sessions and SQL connections to both nodes are opened at once, at the start")
    void theSshSessionsAndSqlConnectionsToBothNodesAreOpenedAtOnce() {
        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        assertThat(openedTogether).as("in flight together (else each waited for the others in vain)")
                .containsOnlyKeys("n1 ssh", "n2 ssh", "n1 sql", "n2 sql").doesNotContainValue(false);
    }

    @Test
    @DisplayName("Switchover ≤ 1 s: the check that only n2's MAC answers ARP is asked after the commit point, beside"
            + " the old master's steps (lock released, nothing landed, replicating from n2), not before them")
    void theArpCheckAfterTheCommitPointRunsBesideTheOldMastersSteps() {
        holdArpCheck = true;

        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        assertThat(index("n2 sh: ip addr add")).as("the commit point first").isLessThan(index("n1 sh: arping -r asked"));
        assertThat(index("n1 sql: start replication")).as("n1 replicated while the ARP check was asked")
                .isLessThan(index("n1 sh: arping -r answered"));
        assertThat(index("n1 sql: unlock")).isLessThan(index("n1 sql: point at"));
        assertThat(out.toString()).contains("check that only n2's MAC answers ARP for " + VIP,
                "answered by n2 (02:00:00:00:00:02) only", "db-master-set: done.");
        assertThat(new TransitionLog(dir).read(OperationEntry.class)).as("every step logged")
                .anySatisfy(e -> assertThat(e.step()).startsWith("check that only n2's MAC answers ARP"))
                .anySatisfy(e -> assertThat(e.step()).startsWith("replicate from n2"))
                .anySatisfy(e -> assertThat(e.step()).startsWith("check that nothing landed on n1"));
    }

    @Test
    @DisplayName("Help clients find the new master: the gratuitous ARP repeats (+200 ms, +500 ms, +1 s) are handed to"
            + " n2 itself with the DB VIP's add, detached from the session — the command does not wait, an exiting CLI"
            + " does not cut them, and the log says they were handed over")
    void theArpRepeatsAreHandedToTheNewMastersNode_detached_inTheAddsCommand() {
        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        String add = n2Commands.stream().filter(c -> c.contains("ip addr add")).findFirst().orElseThrow();
        assertThat(add).as("one round trip: add, announce, hand the repeats over")
                .containsSubsequence("ip addr add", "arping", "setsid", "sleep 0.200", "arping", "sleep 0.300",
                        "sleep 0.500", "&");
        assertThat(add).contains("</dev/null", ">/dev/null 2>&1");
        assertThat(new TransitionLog(dir).read(OperationEntry.class)).anySatisfy(e -> assertThat(e.detail())
                .isEqualTo("gratuitous ARP for " + VIP + " repeated at +200 ms, +500 ms, +1 s by n2 itself: handed to the"
                        + " node, detached from hactl's session (they run after this command exits)"));
    }

    @Test
    @DisplayName("The write gap without a silent moment: n1 keeps the DB VIP behind the reset rule (set once it is"
            + " read-only) until n2 is writable and has added and announced it; removed from n1 right after the commit"
            + " point, its reset rule with it, then the ARP check")
    void theOldMasterKeepsTheVipBehindTheResetRuleUntilTheNewMasterAnnouncedIt_removedRightAfterTheCommitPoint() {
        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        int readOnly = index("n1 sql: read_only=true");
        int reset = index("n1 sh: nft reset rule");
        int writable = index("n2 sql: read_only=false");
        int added = index("n2 sh: ip addr add");
        int removed = index("n1 sh: ip addr del");
        assertThat(readOnly).as("no reset before n1 stops taking writes: it would only lengthen the gap")
                .isLessThan(reset);
        assertThat(reset).isLessThan(writable);
        assertThat(writable).isLessThan(added);
        assertThat(added).as("no moment without a holder: a client's SYN is reset by n1, never dropped")
                .isLessThan(removed);
        int cleared = effects.get(removed).endsWith("then reset rule removed") ? removed : index("n1 sh: reset rule removed");
        assertThat(cleared).as("the reset rule leaves with the VIP, after it (one command when prepared)")
                .isGreaterThanOrEqualTo(removed);
        assertThat(removed).as("the ARP check asks once n1 has let the VIP go").isLessThan(index("n1 sh: arping -r asked"));
        String log = out.toString();
        assertThat(log.indexOf("remove DB VIP")).as(log).isGreaterThan(log.indexOf("add DB VIP"));
        assertThat(vipOn).containsExactly("n2");
    }

    @Test
    @DisplayName("Only what must be in the write gap is: n1's client sessions are ended once, when its lock is released"
            + " after the commit point (a commit cannot pass the lock meanwhile), not between its read-only and n2's VIP")
    void n1sClientSessionsAreEndedWhenTheLockIsReleased_notInsideTheWriteGap() {
        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        int lock = index("n1 sql: lock");
        int added = index("n2 sh: ip addr add");
        assertThat(effects.subList(lock, added)).as("nothing but the gap's own steps in the gap")
                .noneMatch(e -> e.equals("n1 sql: kill sessions"));
        int kill = effects.subList(added, effects.size()).indexOf("n1 sql: kill sessions") + added;
        assertThat(kill).as("ended before the lock is released: none of them writes to n1").isGreaterThan(added)
                .isLessThan(index("n1 sql: unlock"));
    }

    @Test
    @DisplayName("The write gap without a silent moment, rolled back: n2's DB VIP add fails — n1 never lost the VIP, its"
            + " reset rule is removed, its lock released and it is writable again")
    void aFailedAddIsRolledBack_n1KeptTheVipThroughout_itsResetRuleRemoved() {
        failVipAdd = true;

        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(effects).as("n1 kept the VIP").noneMatch(e -> e.startsWith("n1 sh: ip addr del"));
        assertThat(vipOn).containsExactly("n1");
        int clear = index("n1 sh: reset rule removed");
        assertThat(clear).isGreaterThan(index("n1 sh: nft reset rule"));
        assertThat(index("n1 sql: read_only=false")).isGreaterThan(index("n1 sql: unlock"));
        assertThat(out.toString()).contains("rolled back");
    }

    @Test
    @DisplayName("Switchover ≤ 1 s: after the commit point n1's DB VIP removal, then the ARP check, run beside n1's own"
            + " steps (lock released, nothing landed, replicating from n2), not before them")
    void theOldVipsRemovalAndTheArpCheckAfterItRunBesideTheOldMastersSteps() {
        holdRemoval = true;

        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        assertThat(index("n2 sh: ip addr add")).as("the commit point first").isLessThan(index("n1 sh: removal asked"));
        assertThat(index("n1 sql: start replication")).as("n1 replicated while its VIP was being removed")
                .isLessThan(index("n1 sh: ip addr del"));
        assertThat(index("n1 sh: ip addr del")).as("the ARP check asks once n1 has let the VIP go")
                .isLessThan(index("n1 sh: arping -r asked"));
        assertThat(out.toString()).contains("remove DB VIP " + VIP + "/24 (n2 holds and announced it)",
                "db-master-set: done.");
    }

    @Test
    @DisplayName("A switchover the controller runs holds its probe cycles back from before the first read to the end,"
            + " released once (issue 20: the write gap without them)")
    void theProbesAreHeldFromBeforeTheFirstReadToTheEnd_releasedOnce() {
        int exit = switchToN2();

        assertThat(exit).as(out.toString()).isZero();
        assertThat(effects.get(0)).isEqualTo("probes held, at most " + io.hactl.ops.ProbePause.AT_MOST.toMillis() + " ms");
        assertThat(effects.get(effects.size() - 1)).isEqualTo("probes released");
        assertThat(effects.stream().filter(e -> e.equals("probes released"))).hasSize(1);
    }

    // ------------------------------------------------------------------ the simulated pair

    private int switchToN2() {
        HactlConfig cfg = config();
        OperationRunner runner = new OperationRunner(new TransitionLog(dir), new PrintWriter(out, true), "pair1",
                "test", "SwitchoverPathTest", false);
        return new DbMasterSet(cfg, n -> new Shell(n.name()), n -> {
            arrive(n.name() + " sql");
            return new Db(n.name());
        }, max -> {
            effects.add("probes held, at most " + max.toMillis() + " ms");
            return () -> effects.add("probes released");
        }).run(runner, cfg.node("n2").orElseThrow(), new SwitchPlanner.Options(false, false, Duration.ofSeconds(5)));
    }

    /** The first use of a node's SSH or SQL: waits (bounded) for the other three. */
    private void arrive(String what) {
        if (!opened.add(what)) {
            return;
        }
        opening.countDown();
        try {
            openedTogether.put(what, opening.await(3, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int index(String prefix) {
        return SimulatedPair.index(effects, prefix, out);
    }

    private HactlConfig config() {
        return SimulatedPair.config(dir, VIP);
    }

    /** A node's shell: who holds the DB VIP, its MAC, who answers ARP (each recorded). */
    final class Shell implements NodeShell {
        final String node;

        Shell(String node) {
            this.node = node;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public void open() {
            arrive(node + " ssh");
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            arrive(node + " ssh");
            if (node.equals("n2")) {
                n2Commands.add(command);
            }
            String out = "";
            if (command.contains("ip addr del")) {
                if (holdRemoval) {
                    effects.add(node + " sh: removal asked");
                    try {
                        replicating.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                effects.add(node + " sh: ip addr del" + (command.indexOf("'delete table ip hactl_fence'") > command.indexOf("ip addr del")
                        ? " then reset rule removed" : ""));
                vipOn.remove(node);
                out = "removed";
            } else if (command.contains("reject with tcp reset")) {
                effects.add(node + " sh: nft reset rule for " + VIP + ":3306");
            } else if (command.contains("'delete table ip hactl_fence'") && !command.contains("ip addr add")) {
                effects.add(node + " sh: reset rule removed");
                out = "reset rule removed";
            } else if (command.contains("ip addr add") && failVipAdd) {
                effects.add(node + " sh: ip addr add failed");
                return new CommandResult(node, command, 2, "", "RTNETLINK answers: Operation not permitted",
                        Duration.ofMillis(1));
            } else if (command.contains("ip addr add")) {
                effects.add(node + " sh: ip addr add + arping -U");
                vipOn.add(node);
                // what the node prints: the hand-off's line when the command hands the ARP repeats over
                out = "added" + (command.contains("echo '" + AnnounceRepeats.HANDED + "'") ? "\n" + AnnounceRepeats.HANDED : "");
            } else if (command.contains("arping -i") && command.contains(" -r ")) {
                effects.add(node + " sh: arping -r asked");
                if (holdArpCheck) {
                    try {
                        replicating.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                out = vipOn.contains("n2") && !node.equals("n2") ? "02:00:00:00:00:02" : "";
                effects.add(node + " sh: arping -r answered");
            } else if (command.contains("/sys/class/net")) {
                out = node.equals("n1") ? "02:00:00:00:00:01" : "02:00:00:00:00:02";
            } else if (command.contains("ip -o -4 addr show")) {
                out = "2: eth0    inet " + (vipOn.contains(node) ? VIP + "/24" : "198.51.100.1/24") + " brd x";
            } else {
                effects.add(node + " sh: " + command);
            }
            return new CommandResult(node, command, 0, out, "", Duration.ofMillis(1));
        }
    }

    /** A node's database ({@link RecordingDbAdmin}): starting replication releases {@link #replicating}. */
    final class Db extends RecordingDbAdmin {
        Db(String node) {
            super(node, SwitchoverPathTest.this.effects);
        }

        @Override
        void replicationStarted() {
            replicating.countDown();
        }
    }
}
