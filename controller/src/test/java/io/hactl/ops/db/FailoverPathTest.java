package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.HactlConfig;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionLog;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.ReplicaStatus;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, "promote, then verify": the failover an operator acknowledged, against two simulated
 * nodes that record every effect in one list (SQL on either database, each shell command): the
 * critical path is the fence, the relay log, writable, the DB VIP added and announced; the ARP
 * check that only the new master answers comes after it, and its failure is a split brain.
 */
class FailoverPathTest {

    static final String VIP = "198.51.100.89";
    static final String N1_MAC = "02:00:00:00:00:01";
    static final String N2_MAC = "02:00:00:00:00:02";

    @TempDir
    Path dir;

    final List<String> effects = new CopyOnWriteArrayList<>();
    final Set<String> vipOn = new HashSet<>(Set.of("n1"));
    /** A MAC of a third host that also answers ARP for the DB VIP (null: none). */
    String foreignMac;
    boolean n1DbUp;
    /** n2's shell fails every command (the checks refuse: the DB VIP could not be added there). */
    boolean n2ShellDown;
    final StringWriter out = new StringWriter();
    final CountDownLatch repeatsHeld = new CountDownLatch(1);
    final List<String> addCommands = new CopyOnWriteArrayList<>();
    boolean failVipAdd;
    boolean failVipDel;
    boolean failReset;
    boolean noNft;
    /** Each read of a node's state recorded as an effect ("n2 sql: state"). */
    boolean countStates;
    /** n1's reset rule command waits (at most 5 s) until n2 has stopped replication; whether it saw it. */
    boolean holdResetUntilN2Stopped;
    volatile boolean resetSawN2Stopped;
    /** With {@link #holdResetUntilN2Stopped}: n2's stop waits (at most 5 s) until n1's reset command has begun. */
    final CountDownLatch resetBegun = new CountDownLatch(1);
    volatile boolean stopSawResetBegun;

    @Test
    @DisplayName("Promote, then verify: n1 down, its host up — no ARP question before the first change; writable and the"
            + " DB VIP on n2 before the ARP check")
    void promoteThenVerify_writableAndTheVipBeforeTheArpCheck_noArpQuestionBeforeTheFirstChange() {
        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(r.promoted()).isTrue();
        int writable = index("n2 sql: read_only=false");
        int vipOff = index("n1 sh: ip addr del");
        int vipOn = index("n2 sh: ip addr add");
        int check = index("n1 sh: arping -r");
        assertThat(writable).isLessThan(vipOn);
        assertThat(vipOff).as(effects.toString()).isLessThan(check);
        assertThat(effects.subList(0, writable)).as("no ARP question before n2 is writable").noneMatch(e -> e.contains("arping"));
        assertThat(effects.subList(0, writable)).as("fenced first: new connections to n1 reset")
                .contains("n1 sh: nft reset rule for 198.51.100.89:3306");
        assertThat(out.toString()).contains("check that no other MAC answers ARP");
    }

    @Test
    @DisplayName("The VIP handover without a silent gap: n1's host up — the DB VIP added and announced on n2 while n1"
            + " still holds it behind the reset rule, removed from n1 only after the commit point, then the ARP check")
    void theVipHandoverWithoutASilentGap_oldMasterKeepsTheVipBehindTheResetRuleUntilTheNewMasterAnnouncedIt() {
        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        int reset = index("n1 sh: nft reset rule for");
        int writable = index("n2 sql: read_only=false");
        int added = index("n2 sh: ip addr add");
        int removed = index("n1 sh: ip addr del");
        int check = index("n1 sh: arping -r");
        assertThat(reset).isLessThan(writable);
        assertThat(writable).isLessThan(added);
        assertThat(added).as("n1 keeps the DB VIP (new connections reset) until n2 has added and announced it: no"
                + " moment without a holder").isLessThan(removed);
        assertThat(removed).as("the ARP check runs after n1 lost the VIP").isLessThan(check);
        assertThat(r.fencing().vip()).isEqualTo(Fencing.Vip.DETACHED);
        String log = out.toString();
        assertThat(log.indexOf("remove DB VIP")).as(log).isGreaterThan(log.indexOf("add DB VIP"));
        assertThat(vipOn).containsExactly("n2");
    }

    @Test
    @DisplayName("The VIP handover without a silent gap: the old VIP's removal failing after the commit point is an"
            + " after-commit failure — n2 stays the master, n1 is not fenced (it still holds the VIP) and the ARP"
            + " check sees the split brain")
    void theOldVipsRemovalFailingAfterTheCommitPoint_isRecorded_n2StaysTheMaster_n1NotFenced() {
        failVipDel = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isEqualTo(1);
        assertThat(r.promoted()).as("nothing is undone after the commit point").isTrue();
        assertThat(r.fencing().vip()).isEqualTo(Fencing.Vip.HELD);
        assertThat(r.fencing().fenced()).isFalse();
        assertThat(r.splitBrain()).contains("n1 still holds DB VIP " + VIP, "Operation not permitted");
        assertThat(out.toString()).contains("remove DB VIP", "SPLIT BRAIN", "hactl db-master-unset --node n1");
        assertThat(effects).noneMatch(e -> e.startsWith("n2 sql: read_only=true"));
        assertThat(vipOn).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    @DisplayName("A semi-sync replica's receiver, stopping, first tries the old master (up to 1 s when it is lost or"
            + " hung): n1's database down, n2 stops receiving beside the read of both nodes (which waits on n1's"
            + " shell), not after it; before n1's reset rule, once")
    void n2StopsReceivingBesideTheRead_beforeTheResetRule_once() {
        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(index("n2 sql: stop receiving")).isGreaterThanOrEqualTo(0).isLessThan(index("n1 sh: nft reset rule for"));
        assertThat(effects.stream().filter(e -> e.equals("n2 sql: stop receiving"))).as("stopped once").hasSize(1);
        String text = out.toString();
        String step = "n2   stop receiving from n1 (IO thread, not connected to it; its SQL thread applies what it"
                + " received), beside the read of n1 ... ok";
        assertThat(text).contains(step);
        assertThat(text.indexOf(step)).as("ended before the read's note").isLessThan(text.indexOf("read both nodes:"));
        List<OperationEntry> log = new TransitionLog(dir).read(OperationEntry.class);
        assertThat(at(log, io.hactl.log.TransitionEntry.Event.STEP_END, "stop receiving from n1"))
                .isLessThan(at(log, io.hactl.log.TransitionEntry.Event.STEP_START, "answer new connections"));
    }

    @Test
    @DisplayName("Stopped beside the read, then refused by the checks (n2's own shell fails): replication started"
            + " again, nothing else done — a refused failover changes nothing")
    void refusedAfterTheReceiverStoppedBesideTheRead_replicationStartedAgain() {
        n2ShellDown = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isEqualTo(2);
        assertThat(index("n2 sql: stop receiving")).isLessThan(index("n2 sql: start replication"));
        assertThat(effects).noneMatch(e -> e.startsWith("n2 sql: read_only=false") || e.startsWith("n1 sh: nft reset"));
        assertThat(out.toString()).contains("undo: start replication again ... ok", "cannot run commands on n2");
    }

    @Test
    @DisplayName("n1's database answers (the proposal's master back): n2's receiver is not stopped beside the read —"
            + " the promotion blocks n1's writes and n2 must still receive its last ones")
    void oldMasterAnswers_theReceiverIsNotStoppedBesideTheRead() {
        n1DbUp = true;

        failover();

        assertThat(out.toString()).doesNotContain("beside the read");
    }

    @Test
    @DisplayName("n2's SQL thread stopped (no error): it is started before n2 stops receiving — with both threads"
            + " stopped, a GTID replica's next start discards its relay log, and what it received would be lost")
    void n2sSqlThreadStopped_itIsStartedBeforeN2StopsReceiving() {
        n2SqlStopped = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(index("n2 sql: start the SQL thread")).isGreaterThanOrEqualTo(0)
                .isLessThan(index("n2 sql: stop receiving"));
        assertThat(index("n2 sql: stop receiving")).isLessThan(index("n1 sh: nft reset rule for"));
        assertThat(effects.stream().filter(e -> e.equals("n2 sql: start the SQL thread"))).as("started once").hasSize(1);
    }

    @Test
    @DisplayName("The VIP handover without a silent gap needs the reset rule: on an old master without nft the DB VIP"
            + " leaves it before it is added on n2, as before (a held VIP would let a hung mysqld take connections)")
    void withoutTheResetRule_theOldMasterLosesTheVipBeforeTheAdd() {
        noNft = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(index("n1 sh: ip addr del")).isLessThan(index("n2 sh: ip addr add"));
        assertThat(out.toString()).contains("nft is not installed on n1");
    }

    @Test
    @DisplayName("Nothing on the path that need not be there: n2's state, read with both nodes, is not read again before"
            + " the promotion — once, for the GTID it is made writable at")
    void theTargetsStateIsNotReadAgainOnThePath_onlyForTheGtidItIsMadeWritableAt() {
        countStates = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        int reset = index("n1 sh: nft reset rule for");
        int writable = index("n2 sql: read_only=false");
        assertThat(effects.subList(reset, writable)).as(effects.toString()).filteredOn(e -> e.equals("n2 sql: state"))
                .hasSize(1);
    }

    @Test
    @DisplayName("Promote, then verify: the old master's database up — fenced first (writes blocked), then the relay log,"
            + " writable, the DB VIP moved, then the ARP check")
    void theOldMastersDatabaseUp_fenceRelayWritableVipThenTheArpCheck() {
        n1DbUp = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(effects.stream().filter(e -> !e.contains("ip -o -4 addr show") && !e.contains("state")
                && !e.contains("/sys/class/net") && !e.startsWith("probes ")).toList()).as(out.toString()).startsWith(
                "n1 sh: nft reset rule for 198.51.100.89:3306", "n1 sql: read_only=true", "n1 sql: lock",
                "n1 sql: kill sessions", "n2 sql: stop replication", "n2 sql: reset replication",
                "n2 sql: read_only=false");
        assertThat(index("n2 sql: read_only=false")).isLessThan(index("n2 sh: ip addr add"));
        assertThat(index("n2 sh: ip addr add")).isLessThan(index("n1 sh: arping -r"));
        assertThat(index("n1 sh: arping -r")).isLessThan(index("n1 sql: unlock"));
    }

    @Test
    @DisplayName("Promote, then verify: another MAC still answers for the DB VIP after the move — a split brain: n2 stays"
            + " the master (promoted), the failover ends failed with SPLIT BRAIN and the fix")
    void anotherMacAnswersAfterTheMove_isASplitBrain_n2StaysTheMaster() {
        foreignMac = "02:00:00:00:00:99";

        Failover.Result r = failover();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.promoted()).as("n2 is the master: nothing is undone after the commit point").isTrue();
        assertThat(r.splitBrain()).contains("02:00:00:00:00:99");
        assertThat(out.toString()).contains("SPLIT BRAIN", "02:00:00:00:00:99", "hactl db-master-unset");
        assertThat(effects).noneMatch(e -> e.startsWith("n2 sql: read_only=true"));
        assertThat(vipOn).containsExactly("n2");
    }

    @Test
    @DisplayName("Help clients find the new master: the gratuitous ARP is repeated from n2 after the DB VIP is added, in"
            + " the background — the failover ends without waiting for it, and the repeats are logged when done")
    void theGratuitousArpIsRepeatedInTheBackground_theFailoverDoesNotWait_loggedWhenDone() {
        long t0 = System.nanoTime();
        Failover.Result r = failover();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(index("n2 sh: ip addr add")).isLessThan(index("n2 sh: gratuitous ARP repeats"));
        assertThat(ms).as("the failover waited for the repeats (held 5 s)").isLessThan(3000);
        assertThat(out.toString()).doesNotContain("repeated at");
        repeatsHeld.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(new TransitionLog(dir)
                .read(OperationEntry.class)).anySatisfy(e -> assertThat(e.detail()).isEqualTo("gratuitous ARP for "
                + VIP + " repeated at +200 ms, +500 ms, +1 s: 3 of 3 sent")));
    }

    @Test
    @DisplayName("Independent steps at once (issue 20): n1's database down — the reset rule on n1 runs while n2 applies its"
            + " relay log and stops replication for the salvage; both end before n2 is made writable; each step is"
            + " logged with its own start and end")
    void theResetRuleAndTheNewMastersCatchUpRunAtOnce_bothBeforeWritable() {
        holdResetUntilN2Stopped = true;

        Failover.Result r = failover();

        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(resetSawN2Stopped).as("n2 stopped replication while n1's reset rule was being set").isTrue();
        assertThat(stopSawResetBegun).as("n1's reset rule was begun while n2 was stopping replication").isTrue();
        assertThat(index("n1 sh: nft reset rule for")).isLessThan(index("n2 sql: read_only=false"));
        assertThat(index("n2 sql: stop replication")).isLessThan(index("n2 sql: read_only=false"));
        List<OperationEntry> log = new TransitionLog(dir).read(OperationEntry.class);
        int resetStart = at(log, io.hactl.log.TransitionEntry.Event.STEP_START, "answer new connections");
        int resetEnd = at(log, io.hactl.log.TransitionEntry.Event.STEP_END, "answer new connections");
        int stopStart = at(log, io.hactl.log.TransitionEntry.Event.STEP_START, "stop replication (before reading");
        int stopEnd = at(log, io.hactl.log.TransitionEntry.Event.STEP_END, "stop replication (before reading");
        // at once: each started before the other ended (which of the two threads logs its start first is not fixed)
        assertThat(stopStart).as("n2's step started before n1's ended").isLessThan(resetEnd);
        assertThat(resetStart).as("n1's step started before n2's ended").isLessThan(stopEnd);
        int writable = at(log, io.hactl.log.TransitionEntry.Event.STEP_START, "set read_only=OFF");
        assertThat(writable).isGreaterThan(resetEnd).isGreaterThan(stopEnd);
        assertThat(out.toString()).contains("answer new connections to DB VIP " + VIP + ":3306 with a TCP reset (nft table"
                + " hactl_fence), while it still holds the VIP ... started");
    }

    @Test
    @DisplayName("Independent steps at once: the reset rule failing on n1 while n2 stopped replication — both ended, then"
            + " rolled back: n2 replicates again, nothing is left on n1")
    void aFailedResetRuleWhileN2CaughtUp_rollsBackBoth() {
        holdResetUntilN2Stopped = true;
        failReset = true;

        Failover.Result r = failover();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.promoted()).isFalse();
        assertThat(index("n2 sql: stop replication")).isLessThan(index("n2 sql: start replication"));
        assertThat(effects).noneMatch(e -> e.startsWith("n2 sql: read_only=false"));
        assertThat(vipOn).containsExactly("n1");
        assertThat(out.toString()).contains("rolled back");
    }

    private static int at(List<OperationEntry> log, io.hactl.log.TransitionEntry.Event event, String stepStart) {
        for (int i = 0; i < log.size(); i++) {
            OperationEntry e = log.get(i);
            if (e.event() == event && e.step() != null && e.step().startsWith(stepStart)) {
                return i;
            }
        }
        throw new AssertionError("no " + event + " of a step starting with '" + stepStart + "' in " + log);
    }

    @Test
    @DisplayName("The reset rule is part of the fence: a failover that fails before the commit point removes it again")
    void aFailoverRolledBackRemovesTheResetRule() {
        failVipAdd = true;

        Failover.Result r = failover();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.promoted()).isFalse();
        assertThat(index("n1 sh: nft reset rule")).isLessThan(index("n1 sh: nft reset rule removed"));
        assertThat(vipOn).containsExactly("n1");
    }

    @Test
    @DisplayName("A node that gets a VIP added loses hactl's reset rule in the same command: nothing of a fence is left")
    void addingTheVipClearsTheResetRule() {
        failover();

        assertThat(addCommands).isNotEmpty().allMatch(c -> c.contains("'delete table ip hactl_fence'"));
    }

    @Test
    @DisplayName("The controller's probe cycles are held back from the failover's first read to its commit point (n2"
            + " writable with the DB VIP), not during the checks after it (issue 20)")
    void theProbesAreHeldFromTheFirstReadToTheCommitPoint() {
        failover();

        assertThat(effects.get(0)).isEqualTo("probes held, at most " + io.hactl.ops.ProbePause.AT_MOST.toMillis() + " ms");
        int released = index("probes released");
        assertThat(index("n2 sh: ip addr add")).isLessThan(released);
        assertThat(index("n1 sh: arping -r")).as("the ARP check after the commit point").isGreaterThan(released);
        assertThat(effects.stream().filter(e -> e.equals("probes released"))).hasSize(1);
    }

    @Test
    @DisplayName("A refused failover releases the probes too")
    void aRefusedFailoverReleasesTheProbes() {
        n2ShellDown = true;

        Failover.Result r = failover();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(effects).contains("probes released");
    }

    // ------------------------------------------------------------------ the simulated pair

    /** n2's SQL thread reads as stopped (no error) in its state. */
    private boolean n2SqlStopped;

    private Failover.Result failover() {
        HactlConfig cfg = config();
        OperationRunner runner = new OperationRunner(new TransitionLog(dir), new PrintWriter(out, true), "pair1",
                "test", "FailoverPathTest", false);
        return new Failover(cfg, n -> new Shell(n.name()), n -> {
            if (n.name().equals("n1") && !n1DbUp) {
                throw new DbAdminException("n1: Connection refused", 0);
            }
            return new Db(n.name());
        }, max -> {
            effects.add("probes held, at most " + max.toMillis() + " ms");
            return () -> effects.add("probes released");
        }).promote(runner, cfg.node("n2").orElseThrow(), "none");
    }

    private boolean waitForEffect(String effect) {
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> effects.contains(effect));
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private int index(String prefix) {
        return SimulatedPair.index(effects, prefix, out);
    }

    private HactlConfig config() {
        return SimulatedPair.config(dir, VIP);
    }

    /** A node's shell: the VIP's holders, its MAC, who answers ARP; no binary log to read (my_print_defaults fails). */
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
        public CommandResult run(String command, String stdin, Duration timeout) {
            String out = "";
            int exit = 0;
            if (n2ShellDown && node.equals("n2")) {
                return new CommandResult(node, command, -1, "", "node n2: ssh to root@198.51.100.12:22 failed: Auth fail",
                        Duration.ofMillis(1));
            }
            if (command.contains("reject with tcp reset")) {
                resetBegun.countDown();
                if (holdResetUntilN2Stopped) {
                    resetSawN2Stopped = waitForEffect("n2 sql: stop replication");
                }
                if (failReset) {
                    return new CommandResult(node, command, 1, "", "Error: Could not process rule: No such file",
                            Duration.ofMillis(1));
                }
                if (noNft) {
                    effects.add(node + " sh: no nft");
                    return new CommandResult(node, command, 0, "no nft", "", Duration.ofMillis(1));
                }
                effects.add(node + " sh: nft reset rule for " + VIP + ":3306");
            } else if (command.contains("'delete table ip hactl_fence'") && !command.contains("ip addr add")) {
                effects.add(node + " sh: nft reset rule removed");
                out = "reset rule removed";
            } else if (command.contains("ip addr del")) {
                if (failVipDel && node.equals("n1")) {
                    return new CommandResult(node, command, 2, "", "RTNETLINK answers: Operation not permitted",
                            Duration.ofMillis(1));
                }
                effects.add(node + " sh: ip addr del");
                vipOn.remove(node);
                out = "removed";
            } else if (command.contains("ip addr add")) {
                addCommands.add(command);
                if (failVipAdd && node.equals("n2")) {
                    return new CommandResult(node, command, 2, "", "RTNETLINK answers: Permission denied",
                            Duration.ofMillis(1));
                }
                effects.add(node + " sh: ip addr add + arping -U");
                vipOn.add(node);
            } else if (command.contains("arping -i") && command.contains(" -r ")) {
                effects.add(node + " sh: arping -r (who answers ARP)");
                List<String> macs = new ArrayList<>();
                vipOn.stream().filter(n -> !n.equals(node)).forEach(n -> macs.add(n.equals("n1") ? N1_MAC : N2_MAC));
                if (foreignMac != null) {
                    macs.add(foreignMac);
                }
                out = String.join("\n", macs);
            } else if (command.contains("/sys/class/net")) {
                effects.add(node + " sh: cat /sys/class/net/eth0/address");
                out = node.equals("n1") ? N1_MAC : N2_MAC;
            } else if (command.contains("ip -o -4 addr show")) {
                effects.add(node + " sh: ip -o -4 addr show");
                out = "2: eth0    inet " + (vipOn.contains(node) ? VIP + "/24" : "198.51.100.1/24") + " brd x";
            } else if (command.contains("sleep 0.200")) {
                effects.add(node + " sh: gratuitous ARP repeats");
                try {
                    repeatsHeld.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out = "sent\nsent\nsent";
            } else if (command.contains("my_print_defaults")) {
                exit = 1;
                out = "";
            } else {
                effects.add(node + " sh: " + command);
            }
            return new CommandResult(node, command, exit, out, exit == 0 ? "" : "not here", Duration.ofMillis(1));
        }
    }

    /**
     * A node's database ({@link RecordingDbAdmin}): n1 the master (read_only OFF), n2 its replica, both at 0-1-7,
     * n2's IO thread connecting to the dead n1.
     */
    final class Db extends RecordingDbAdmin {
        Db(String node) {
            super(node, FailoverPathTest.this.effects);
        }

        /** n2's stop, with {@link #holdResetUntilN2Stopped}: ends only once n1's reset command has begun (a rendezvous). */
        @Override
        public void stopReplication() {
            if (holdResetUntilN2Stopped && node.equals("n2")) {
                try {
                    stopSawResetBegun = resetBegun.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.stopReplication();
        }

        @Override
        public DbState state() {
            if (countStates) {
                effects.add(node + " sql: state");
            }
            ReplicaStatus r = replica ? new ReplicaStatus("198.51.100.11", 3306, "Connecting", !n2SqlStopped, null, 2003,
                    "refused", 0, "", "0-1-7", "Slave_Pos") : null;
            return new DbState(Flavor.MARIADB, "10.11", node.equals("n1") ? 1 : 2, readOnly, null, false, true, true,
                    "0-1-7", "0-1-7", "0-1-7", replica ? "0-1-7" : "", null, r);
        }
    }
}
