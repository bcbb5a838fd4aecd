package io.hactl.state;

import static io.hactl.model.Snap.APP_VIP;
import static io.hactl.model.Snap.DB_VIP;
import static io.hactl.model.Snap.MAC1;
import static io.hactl.model.Snap.MAC2;
import static io.hactl.model.Snap.N2;
import static io.hactl.model.Snap.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbCode;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.PeerView;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.ServiceProbe;
import io.hactl.model.Snap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detection table: each case is a sequence of probe cycles (a snapshot at a second after
 * {@link Cycles#T0}, with our operation running or not) and what the last cycle must say. Every
 * mismatch of a case is reported at once (soft assertions). downAfter is 3 s.
 */
class DetectorTest {

    // ------------------------------------------------------------------ the situations

    /** kill -9 of mysqld on the master: ping and shell work, SQL refused; the replica's IO thread reconnects (2003). */
    static Snap masterKilled() {
        return Snap.healthy().dbKilled("n1").replicaStatus("n2", status("Connecting", true, null, 2003, 0));
    }

    /**
     * kill -9 of the master's mariadbd, everything seen: its host answers (ping, shell), its port refuses, no
     * mariadbd process runs, and the replica's IO thread gets error 2003, connection refused. Definitive.
     */
    /** The healthy pair with n1's semi-sync on: AFTER_SYNC, waiting, n2 acknowledging. */
    static Snap healthySemiSync() {
        return Snap.healthy().node("n1", n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(),
                n.macAddress(), n.db().withSemiSync(new io.hactl.model.SemiSync(true, true, true, "AFTER_SYNC", false,
                10_000, true, 1)), n.services(), n.peerView(), n.dbProcess()));
    }

    static Snap masterCrashed() {
        return Snap.healthy().dbKilled("n1").replicaStatus("n2", Snap.reconnecting(REFUSED)).process("n1", Snap.noProcess("n1"));
    }

    static final String REFUSED = "111 \"Connection refused\"";
    static final String TIMED_OUT = "110 \"Connection timed out\"";
    /** The system errors of a 2013 while reading the server's greeting (MariaDB's words). */
    static final String RESET = "104 \"Connection reset by peer\"";

    /** mariadbd SIGSTOPped on the master: present, its port accepts, nothing answers (a read timeout). */
    static Snap masterHung(ReplicaStatus replica) {
        return Snap.healthy().db("n1", DbProbe.notResponding(DbProbe.Failure.TIMEOUT,
                        "Communications link failure (SocketTimeoutException: Read timed out)"))
                .replicaStatus("n2", replica).process("n1", Snap.process("n1"));
    }

    /** The controller's link to the master is cut: no ping, no shell, no SQL, no ARP; the replica still streams. */
    static Snap masterCutOff() {
        return Snap.healthy().unreachable("n1").dbVip(List.of(), List.of());
    }

    static Snap bothUnreachable() {
        return Snap.healthy().unreachable("n1").unreachable("n2").dbVip(List.of(), List.of()).appVip(List.of(), List.of());
    }

    /** A stand-alone read-only server (not a replica) at {@code pos}, with {@code @@gtid_binlog_state} {@code state}. */
    static DbProbe readOnlyAlone(String pos, String state) {
        return new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, null, pos, pos, "mariadb-bin.000004",
                55L, state);
    }

    static DbProbe writable(String pos) {
        return Snap.master(pos);
    }

    /** n2 replicating from n1 and caught up, but with read_only OFF. */
    static DbProbe writableReplica() {
        return new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, Snap.streaming(), "0-1-42", "0-1-42",
                "mariadb-bin.000001", 999L, "0-1-42", "2");
    }

    /** The healthy pair with the servers' ids and binlog states as the prober reads them (n1 server_id 1, n2 2). */
    static Snap withServerIds() {
        return Snap.healthy()
                .db("n1", new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, null, "0-1-42", "0-1-42",
                        "mariadb-bin.000002", 1234L, "0-1-42", "1"))
                .db("n2", new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, Snap.streaming(), "0-1-42",
                        "0-1-42", "mariadb-bin.000001", 999L, "0-1-42", "2"));
    }

    /** n2 wrote 0-2-43 itself (a client with SUPER, or read_only OFF for a moment) and still streams from n1. */
    static Snap errantOnStreamingReplica() {
        return withServerIds().db("n2", new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, Snap.streaming(),
                "0-2-43", "0-2-43", "mariadb-bin.000001", 1111L, "0-1-42,0-2-43", "2"));
    }

    /** STOP SLAVE IO_THREAD on n2 by hand; the master is fine. */
    static Snap ioStoppedByHand() {
        return Snap.healthy().replicaStatus("n2", status("No", true, null, 0, 0));
    }

    /**
     * n1 at 0-1-{@code master}, n2 applied 0-1-{@code applied} and received 0-1-{@code received};
     * {@code dead}: n1's mysqld killed and n2 reconnecting.
     */
    static Snap behindBy(long master, long applied, long received, boolean dead) {
        ReplicaStatus rs = new ReplicaStatus(Snap.N1, 3306, dead ? "Connecting" : "Yes", true, dead ? null : 3L,
                dead ? 2003 : 0, dead ? "error 2003" : "", 0, "", "0-1-" + received, "Slave_Pos");
        Snap s = Snap.healthy().db("n1", Snap.master("0-1-" + master)).db("n2", Snap.replica(rs, "0-1-" + applied));
        return dead ? s.dbKilled("n1") : s;
    }

    static Maintenance op(Maintenance.Kind kind, String operation) {
        return new Maintenance(kind, operation, "a1b2c3d4", "alice", Cycles.T0);
    }

    static Stream<Scenario> cases() {
        DetectionMemory afterFailover = DetectionMemory.EMPTY.newMaster("n2").withFenced(Set.of("n1"));
        Maintenance backup = op(Maintenance.Kind.BACKUP, "backup");
        return Stream.of(
                // --- healthy and degraded
                c("healthy pair").cycle(0, Snap::healthy)
                        .expect(ClusterState.ACTIVE_SYNCED).says("master n1, replica n2 in sync (GTID 0-1-42)")
                        .node("n1", NodeState.MASTER).node("n2", NodeState.REPLICA_SYNCED).app(AppState.ACTIVE),
                c("replica lagging 45 s").cycle(0, () -> Snap.healthy().replicaStatus("n2", status("Yes", true, 45L, 0, 0)))
                        .expect(ClusterState.DEGRADED).says("DEGRADED", "replica n2 is 45 s behind master n1")
                        .node("n2", NodeState.REPLICA_LAGGING).lag(45L),
                c("replica stopped by hand (STOP SLAVE)")
                        .cycle(0, () -> Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)))
                        .expect(ClusterState.DEGRADED).says("DEGRADED", "replica n2 stopped").node("n2", NodeState.REPLICA_BROKEN),
                c("replica SQL thread error 1062")
                        .cycle(0, () -> Snap.healthy().replicaStatus("n2", status("Yes", false, null, 0, 1062)))
                        .expect(ClusterState.DEGRADED).says("broken", "SQL thread error 1062").node("n2", NodeState.REPLICA_BROKEN),
                c("replica cannot connect, master fine")
                        .cycle(0, () -> Snap.healthy().replicaStatus("n2", status("Connecting", true, null, 1045, 0)))
                        .expect(ClusterState.DEGRADED).says("replica n2 cannot connect to master n1").node("n1", NodeState.MASTER),
                c("replica points at another host")
                        .cycle(0, () -> Snap.healthy().replicaStatus("n2", Snap.from("198.51.100.77")))
                        .expect(ClusterState.DEGRADED).says("replicates from 198.51.100.77"),
                c("replica mysqld down").cycle(0, () -> Snap.healthy().dbKilled("n2"))
                        .expect(ClusterState.DEGRADED).says("replica n2: MySQL not responding", "without an online backup")
                        .node("n2", NodeState.DOWN).node("n1", NodeState.MASTER),
                c("replica node unreachable").cycle(0, () -> Snap.healthy().unreachable("n2"))
                        .expect(ClusterState.DEGRADED).says("replica n2 unreachable").node("n2", NodeState.UNREACHABLE),
                c("tomcat down on the active node, DB fine")
                        .cycle(0, () -> Snap.healthy().services("n1", Snap.svcs(Snap.svc("backend", true, 9090),
                                Snap.svc("tomcat", false, 8080))))
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.SERVICES_DOWN),

                // --- the master's database killed: holistic detection
                c("master mysqld killed, 1 cycle").cycle(0, Snap::healthy).cycle(1, DetectorTest::masterKilled)
                        .expect(ClusterState.MASTER_UNREACHABLE)
                        .says("master n1 not answering", "replica n2 confirms (IO thread Connecting)", "once it lasts 3.0 s")
                        .node("n1", NodeState.DOWN).noRemedy().never(ClusterState.MASTER_DOWN),
                c("master killed, 3 cycles within 2 s").cycle(0, Snap::healthy).cycles(DetectorTest::masterKilled, 1, 2, 3)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("master killed, one failing cycle long after the last good one").cycle(0, Snap::healthy)
                        .cycle(10, DetectorTest::masterKilled)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("master killed, 4 cycles over 3 s, replica has everything").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER).master("n1").other("n2")
                        .says("MASTER DOWN: master n1 has not answered for 3.3 s (4 cycles)",
                                "replica n2 confirms (IO thread Connecting: it was connected and lost n1)",
                                "failover to n2 possible", "n2 is 0 transactions behind (n1 last seen at 0-1-42")
                        .risk("n2 is 0 transactions behind").behind(0).node("n1", NodeState.DOWN),
                c("master killed, 2 cycles 3 s apart").cycle(0, Snap::healthy).cycles(DetectorTest::masterKilled, 1, 4)
                        .expect(ClusterState.MASTER_DOWN).says("(2 cycles)").behind(0),
                c("master killed, replica 2 transactions behind")
                        .cycle(0, () -> Snap.healthy().db("n1", Snap.master("0-1-44")))
                        .cycles(DetectorTest::masterKilled, 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("n2 may lack 2 transactions (n1 last seen at 0-1-44").behind(2),
                // its replica was never seen connected (no confirmation from it), but the controller's second route
                // shows the database down on a live host: proposed, the risk unknown and said so
                c("master killed before the controller ever saw it: the second route shows it down, the risk unknown")
                        .cycles(DetectorTest::masterKilled, seconds(1, 10))
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("the controller's second route shows its database down on a live host",
                                "replica n2 does not confirm (IO thread Connecting (never seen connected to n1 by this"
                                        + " controller: it cannot confirm))",
                                "unknown: n1's position was never seen by this controller"),
                c("master unreachable before the controller ever saw it (no shell): nobody confirms, no proposal")
                        .cycles(() -> masterCutOff().replicaStatus("n2", status("Connecting", true, null, 2003, 0)),
                                seconds(1, 10))
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().never(ClusterState.MASTER_DOWN)
                        .says("nobody confirms: replica n2's IO thread is Connecting (error 2003)",
                                "this controller never saw it connected to n1"),
                c("master declared down stays down while the replica flaps").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, 1, 2, 3, 4)
                        .cycle(5, () -> Snap.healthy().dbKilled("n1"))
                        .cycle(6, () -> Snap.healthy().dbKilled("n1").dbKilled("n2"))
                        .cycle(7, () -> Snap.healthy().dbKilled("n1").unreachable("n2"))
                        .cycle(8, DetectorTest::masterKilled)
                        .expect(ClusterState.MASTER_DOWN).staysFrom(4, ClusterState.MASTER_DOWN),
                c("master declared down, replica IO shows Yes again: still down, declared earlier").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, 1, 2, 3, 4).cycle(5, () -> Snap.healthy().dbKilled("n1"))
                        .expect(ClusterState.MASTER_DOWN).says("the controller's second route shows its database down"),
                c("master declared down, replica IO shows Yes again, the host cut off: still down, declared earlier")
                        .cycle(0, Snap::healthy).cycles(DetectorTest::masterKilled, 1, 2, 3, 4)
                        .cycle(5, DetectorTest::masterCutOff)
                        .expect(ClusterState.MASTER_DOWN).says("was declared down earlier"),
                c("master declared down, then its database answers").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, 1, 2, 3, 4).cycle(5, Snap::healthy)
                        .expect(ClusterState.ACTIVE_SYNCED).noRemedy().node("n1", NodeState.MASTER),

                // --- issue 20: tell a crash from a silence
                c("crashEvidenceDecidesInOneProbe: host answers, port refused, no mariadbd, replica error 2003 refused")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::masterCrashed)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER).master("n1").other("n2")
                        .says("MASTER DOWN: master n1 crashed, decided on definitive evidence",
                                "its host answers (ping answers, shell works)",
                                "its database port refuses connections (nothing listens)",
                                "no mariadbd/mysqld process (pid 4242 from /var/lib/hactl-lab/n1/mariadbd.pid is not a"
                                        + " running mariadbd/mysqld)",
                                "replica n2's IO thread gets error 2003 connecting to it (connection refused)",
                                "decided at once, not after failover.down_after 3.0 s",
                                "failover to n2 possible", "n2 is 0 transactions behind")
                        .behind(0).node("n1", NodeState.DOWN),
                c("semi-sync on at the master's last probe: the risk says n1 acknowledged nothing n2 lacks")
                        .cycle(0, DetectorTest::healthySemiSync).cycle(1, DetectorTest::masterCrashed)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("n2 is 0 transactions behind", "; semi-sync was on at n1's last probe (AFTER_SYNC, 1"
                                + " replica acknowledging): n1 acknowledged no commit n2 had not received, unless it went"
                                + " on alone after 10 s without n2's answer")
                        .behind(0),
                c("semi-sync not known (not read, or off): the risk claims nothing of it")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::masterCrashed)
                        .expect(ClusterState.MASTER_DOWN).says("n2 is 0 transactions behind")
                        .check((soft, a) -> soft.assertThat(a.sentence()).as("sentence").doesNotContain("semi-sync")),
                c("a crash seen whole only at the next (fast) probe is decided then, well before down_after")
                        .cycle(0, Snap::healthy).cycle(1, () -> Snap.healthy().dbKilled("n1"))
                        .cycle(2, DetectorTest::masterCrashed)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("crashed, decided on definitive evidence (2 cycle(s), 1.3 s)"),
                c("crashEvidenceDecidesInOneProbe: the replica's first reconnect reset before the greeting (2013, 104)")
                        .cycle(0, Snap::healthy)
                        .cycle(1, () -> masterCrashed().replicaStatus("n2", Snap.reconnectLost(RESET)))
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("crashed, decided on definitive evidence (1 cycle(s)",
                                "replica n2's IO thread gets error 2013 connecting to it (connection reset by its host"
                                        + " before the server's greeting)")
                        .node("n1", NodeState.DOWN),
                c("a 2013 that timed out waiting for the greeting is no refusal (a hung server, a lost link): waits")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCrashed().replicaStatus("n2", Snap.reconnectLost(TIMED_OUT)), 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("crashEvidenceDecidesInOneProbe: also when the controller never saw the replica connected")
                        .cycle(0, DetectorTest::masterCrashed)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER).says("definitive"),
                c("refusedPortAloneWithSshUnansweredDoesNotDecide: no shell, so no process seen; waits down_after")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCrashed().node("n1", n -> n.withDbProcess(null)).node("n1", n -> new NodeProbe(
                                n.name(), n.address(), n.ping(), new NodeProbe.ShellResult(false, "ssh: timed out"),
                                List.of(), n.macAddress(), n.db(), n.services())), 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().never(ClusterState.MASTER_DOWN),
                c("refused port, shell works, process not known (no pid file seen yet): waits down_after")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCrashed().node("n1", n -> n.withDbProcess(null)), 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("refused port and no process, the replica not yet reconnecting: waits for it (the fast re-probe sees it)")
                        .cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().dbKilled("n1").process("n1", Snap.noProcess("n1")))
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("timeoutWaitsDownAfter: SQL timeout, the replica's 2003 a timeout too (a possible partition)")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterHung(Snap.reconnecting(TIMED_OUT)).process("n1", Snap.noProcess("n1")), 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("timeoutWaitsDownAfter: then decided once it lasted down_after").cycle(0, Snap::healthy)
                        .cycles(() -> masterHung(Snap.reconnecting(TIMED_OUT)), 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).says("has not answered for 3.3 s (4 cycles)"),
                c("sigstoppedMariadbdWaits: process present, port open, no answer; replica still streaming")
                        .cycle(0, Snap::healthy).cycles(() -> masterHung(Snap.streaming()), seconds(1, 10))
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("sigstoppedMariadbdWaits: even with the replica's IO thread refused, a live process is no crash")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCrashed().process("n1", Snap.process("n1")), 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).never(ClusterState.MASTER_DOWN),
                c("replicaPausedByBackupWaits: IO thread stopped on purpose, no error 2003").cycle(0, Snap::healthy, backup)
                        .cycles(() -> masterCrashed().replicaStatus("n2", status("No", false, null, 0, 0)), backup, 1, 2)
                        .expect(ClusterState.MASTER_UNREACHABLE).says("paused by backup").never(ClusterState.MASTER_DOWN),
                c("linkBlipOf2sNeverDecidesEarly: no ping, no shell, timeouts; the replica reconnecting too")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCutOff().replicaStatus("n2", Snap.reconnecting(TIMED_OUT)), 1, 2)
                        .cycle(3, Snap::healthy)
                        .expect(ClusterState.ACTIVE_SYNCED).never(ClusterState.MASTER_DOWN),

                // --- the controller is the one cut off
                c("controller cut off from the master only, 20 cycles").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterCutOff, seconds(1, 20))
                        .expect(ClusterState.MASTER_UNREACHABLE)
                        .says("master n1 unreachable from controller; replica n2 still streaming from it: not a failure, watching")
                        .node("n1", NodeState.UNREACHABLE).node("n2", NodeState.REPLICA_SYNCED).noRemedy()
                        .never(ClusterState.MASTER_DOWN),
                c("2-second blip, replica keeps streaming").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterCutOff, 1, 2).cycle(3, Snap::healthy)
                        .expect(ClusterState.ACTIVE_SYNCED).never(ClusterState.MASTER_DOWN),
                c("2-second mysqld blip, replica reconnecting").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, 1, 2).cycle(3, Snap::healthy)
                        .expect(ClusterState.ACTIVE_SYNCED).never(ClusterState.MASTER_DOWN),
                c("both nodes unreachable").cycle(0, Snap::healthy).cycles(DetectorTest::bothUnreachable, seconds(1, 10))
                        .expect(ClusterState.MASTER_UNREACHABLE).says("controller may be the one cut off", "no proposal")
                        .node("n1", NodeState.UNREACHABLE).node("n2", NodeState.UNREACHABLE).noRemedy()
                        .never(ClusterState.MASTER_DOWN),
                c("backup stopped the replica's threads and the controller is cut off from the master")
                        .cycle(0, Snap::healthy, backup)
                        .cycles(() -> masterCutOff().replicaStatus("n2", status("No", false, null, 0, 0)), backup, seconds(1, 10))
                        .expect(ClusterState.MASTER_UNREACHABLE).says("paused by backup", "cannot confirm")
                        .never(ClusterState.MASTER_DOWN),

                // --- split brain
                c("DB VIP configured on both nodes").cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().addresses("n2", N2, DB_VIP).dbVip(List.of("n1", "n2"), List.of(MAC1)))
                        .expect(ClusterState.SPLIT_BRAIN).remedy(Proposal.Kind.DETACH_VIP).master("n1").other("n2")
                        .says("SPLIT BRAIN", "configured on n1 and n2", "keep master n1, fence n2"),
                c("DB VIP answered by two MACs, no history: the replica's master is kept")
                        .cycle(0, () -> Snap.healthy().dbVip(List.of("n1"), List.of(MAC1, MAC2)))
                        .expect(ClusterState.SPLIT_BRAIN).remedy(Proposal.Kind.DETACH_VIP).master("n1").other("n2")
                        .says("answered by 2 MACs", "keep master n1, fence n2"),
                c("two writable masters, n1 known as master").cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().db("n2", writable("0-2-5")))
                        .expect(ClusterState.SPLIT_BRAIN).remedy(Proposal.Kind.DETACH_VIP).master("n1").other("n2")
                        .says("both n1 and n2 are writable masters", "keep master n1, fence n2"),
                c("two writable masters after a failover to n2: the known master n2 is kept").cycle(0, Snap::flipped)
                        .cycle(1, () -> Snap.flipped().db("n1", writable("0-1-43")))
                        .expect(ClusterState.SPLIT_BRAIN).remedy(Proposal.Kind.DETACH_VIP).master("n2").other("n1")
                        .says("keep master n2, fence n1"),

                // --- a returned old master
                c("returned old master with an errant transaction (gtid_binlog_state)").cycle(0, Snap::flipped)
                        .cycle(1, () -> Snap.flipped().db("n1", readOnlyAlone("0-1-43", "0-1-43")))
                        .expect(ClusterState.OUT_OF_DATE).remedy(Proposal.Kind.RESYNC).master("n2").other("n1")
                        .says("n1 is OUT OF DATE: it has transactions master n2 lacks (0-1-43)", "rebuild it from n2")
                        .node("n1", NodeState.OUT_OF_DATE).node("n2", NodeState.MASTER),
                c("returned old master replicating, IO error 1236, errant transaction").cycle(0, Snap::flipped)
                        .cycle(1, () -> Snap.flipped().db("n1", Snap.replica(new ReplicaStatus(N2, 3306, "No", true, null,
                                1236, "could not find GTID state", 0, "", "", "Slave_Pos"), "0-1-43")))
                        .expect(ClusterState.OUT_OF_DATE).remedy(Proposal.Kind.RESYNC).says("0-1-43")
                        .node("n1", NodeState.OUT_OF_DATE),
                c("returned node that only lacks transactions, not replicating").cycle(0, Snap::flipped)
                        .cycle(1, () -> Snap.flipped().db("n1", readOnlyAlone("0-1-42", "0-1-42")))
                        .expect(ClusterState.STANDALONE).remedy(Proposal.Kind.REJOIN).master("n2").other("n1")
                        .says("STANDALONE: master n2", "lacks 8 transaction(s), has none of its own", "can re-join as replica")
                        .node("n1", NodeState.DETACHED),
                c("fenced old master answering read-only, lacks transactions").mem(afterFailover)
                        .cycle(0, () -> Snap.flipped().db("n1", readOnlyAlone("0-1-42", "0-1-42")))
                        .expect(ClusterState.STANDALONE).remedy(Proposal.Kind.REJOIN).node("n1", NodeState.FENCED),
                c("fenced old master with an errant transaction (in flight when its link went): FENCED, rebuild")
                        .mem(afterFailover)
                        .cycle(0, () -> Snap.flipped().db("n1", readOnlyAlone("0-1-43", "0-1-43")))
                        .expect(ClusterState.OUT_OF_DATE).remedy(Proposal.Kind.RESYNC).says("0-1-43", "rebuild it from n2")
                        .node("n1", NodeState.FENCED).node("n2", NodeState.MASTER),
                c("fenced old master whose database is down").mem(afterFailover)
                        .cycle(0, () -> Snap.flipped().dbKilled("n1"))
                        .expect(ClusterState.STANDALONE).noRemedy().says("STANDALONE: master n2 since the failover", "fenced")
                        .node("n1", NodeState.FENCED).node("n2", NodeState.MASTER),

                // --- our own operations
                c("switchover of ours running, VIP between nodes").cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().addresses("n1", Snap.N1).dbVip(List.of(), List.of())
                                .db("n1", readOnlyAlone("0-1-42", null)), op(Maintenance.Kind.SWITCH, "db-master-set"))
                        .expect(ClusterState.SWITCHING).noRemedy()
                        .says("operation db-master-set a1b2c3d4 by alice", "not read as a failure"),
                c("failover of ours running while the old master is dead").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::masterKilled, op(Maintenance.Kind.SWITCH, "failover"), seconds(1, 10))
                        .expect(ClusterState.SWITCHING).never(ClusterState.MASTER_DOWN),
                c("resync of ours running, replica stopped").cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)),
                                op(Maintenance.Kind.RESYNC, "db-resync"))
                        .expect(ClusterState.RESYNCING).noRemedy(),
                c("backup of ours stopped the replica").cycle(0, Snap::healthy)
                        .cycle(1, () -> Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)), backup)
                        .expect(ClusterState.ACTIVE_SYNCED).says("replica n2 paused by backup a1b2c3d4", "not a failure"),
                c("backup of ours running, replica fine").cycle(0, Snap::healthy, backup)
                        .expect(ClusterState.ACTIVE_SYNCED).says("in sync"),
                c("backup of ours running does not hide a dead master").cycle(0, Snap::healthy, backup)
                        .cycles(DetectorTest::masterKilled, backup, 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER),

                // --- issue 13, defect 2: a second writable node, an errant transaction
                c("aSecondWritableNodeReadsHealthy: a replica with read_only OFF, still replicating")
                        .cycle(0, Snap::healthy).cycle(1, () -> Snap.healthy().db("n2", writableReplica()))
                        .expect(ClusterState.SPLIT_BRAIN).remedy(Proposal.Kind.DETACH_VIP).master("n1").other("n2")
                        .says("SPLIT BRAIN: both n1 and n2 are writable (n2 is a replica with read_only OFF)",
                                "keep master n1, fence n2"),
                c("aSecondWritableNodeReadsHealthy: an errant transaction on a replica that still replicates")
                        .cycle(0, DetectorTest::withServerIds).cycle(1, DetectorTest::errantOnStreamingReplica)
                        .expect(ClusterState.OUT_OF_DATE).remedy(Proposal.Kind.RESYNC).master("n1").other("n2")
                        .says("n2 is OUT OF DATE: it has transactions master n1 lacks (0-2-43), written on n2 while it"
                                + " replicates from n1", "rebuild it from n1")
                        .risk("n2's own transactions (those n1 lacks: 0-2-43, 1 transaction, committed on n2")
                        .risk("discarded by the rebuild").node("n2", NodeState.OUT_OF_DATE),
                c("a replica read after its master, ahead by the master's own transactions: in sync, not errant")
                        .cycle(0, DetectorTest::withServerIds).cycle(1, () -> withServerIds().db("n2",
                                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, Snap.streaming(), "0-1-44",
                                        "0-1-44", "mariadb-bin.000001", 999L, "0-1-44", "2")))
                        .expect(ClusterState.ACTIVE_SYNCED).says("in sync").node("n2", NodeState.REPLICA_SYNCED),

                // --- issue 13, defect 3: only a replica that was connected and lost the master confirms
                c("aStoppedReplicaConfirmsADeadMaster: IO thread stopped by hand, then the controller is cut off")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::ioStoppedByHand)
                        .cycles(() -> masterCutOff().replicaStatus("n2", status("No", true, null, 0, 0)), seconds(2, 20))
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().never(ClusterState.MASTER_DOWN)
                        .says("master n1 not answering the controller", "second route: ping no answer, shell fails"
                                + " (ssh connect timed out)", "nobody confirms: replica n2's IO thread is No, stopped"
                                + " (STOP SLAVE, by hand or not started), not by losing n1", "no proposal, watching")
                        .node("n1", NodeState.UNREACHABLE),
                // the replica cannot confirm, but the controller's own second route can: a command runs on n1's
                // host and its database port refuses connections (nothing listens). Proposed, and the sentence says
                // plainly that the replica does not confirm and what the second route shows
                c("aStoppedReplicaConfirmsADeadMaster: IO thread stopped by hand, then the master's mysqld is killed:"
                        + " the second route (shell works, port refused) shows it down")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::ioStoppedByHand)
                        .cycles(() -> Snap.healthy().dbKilled("n1").replicaStatus("n2", status("No", true, null, 0, 0)),
                                2, 3, 4, 5)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("the controller's second route shows its database down on a live host (shell works, the"
                                + " database port refuses connections: nothing listens); replica n2 does not confirm"
                                + " (IO thread No (not running, and not because it lost n1: it cannot confirm))"),
                c("aStoppedReplicaConfirmsADeadMaster: IO thread stopped by hand, a hung master (SQL times out, shell"
                        + " works): no proof it is down")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::ioStoppedByHand)
                        .cycles(() -> Snap.healthy().db("n1", DbProbe.notResponding("Communications link failure"
                                        + " (SocketTimeoutException: Read timed out)"))
                                        .replicaStatus("n2", status("No", true, null, 0, 0)), seconds(2, 20))
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().never(ClusterState.MASTER_DOWN)
                        .says("nobody confirms", "second route: ping answers, shell works"),
                c("aStoppedReplicaConfirmsADeadMaster: the master refuses the replica (1045): it answers, no confirmation")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> masterCutOff().replicaStatus("n2", status("Connecting", true, null, 1045, 0)),
                                seconds(1, 10))
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().never(ClusterState.MASTER_DOWN)
                        .says("nobody confirms"),
                c("aStoppedReplicaConfirmsADeadMaster: a replica that gave up reconnecting (No, error 2003) still confirms")
                        .cycle(0, Snap::healthy).cycle(1, DetectorTest::masterKilled)
                        .cycles(() -> Snap.healthy().dbKilled("n1").replicaStatus("n2", status("No", true, null, 2003, 0)),
                                2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER),
                c("aStoppedReplicaConfirmsADeadMaster: paused by our backup, resumed, then connecting: it was connected")
                        .cycle(0, Snap::healthy, backup)
                        .cycle(1, () -> Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)), backup)
                        .cycles(DetectorTest::masterKilled, 2, 3, 4, 5)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER),

                // --- issue 13, defect 5: what the replica received counts, not only what it applied
                c("theRiskFigureIsWrong: n2 received everything and only has to apply it")
                        .cycle(0, () -> behindBy(1234, 428, 1234, false))
                        .cycles(() -> behindBy(1234, 428, 1234, true), 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER).behind(0)
                        .risk("n2 has received everything master n1 was last seen at (0-1-1234 at 12:00:00.000, a lower"
                                + " bound from the master's last probe); 806 received, not yet applied: applied before"
                                + " promotion"),
                c("theRiskFigureIsWrong: n2 received part of it")
                        .cycle(0, () -> behindBy(1234, 428, 1200, false))
                        .cycles(() -> behindBy(1234, 428, 1200, true), 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).behind(34)
                        .risk("n2 may lack 34 transactions (n1 last seen at 0-1-1234 at 12:00:00.000, a lower bound from"
                                + " n1's last probe; n2 received up to 0-1-1200, applied 0-1-428; 772 received, not yet"
                                + " applied: applied before promotion)"),

                // --- issue 13, defect 7: a node that answers nothing is lost, never "probe incomplete"
                c("wholeNodeLossIsMislabelled: the replica answers nothing while the master's shell fails")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> Snap.healthy().unreachable("n2").node("n1", n -> new NodeProbe(n.name(), n.address(),
                                n.ping(), new NodeProbe.ShellResult(false, "ssh: timed out"), List.of(), n.macAddress(),
                                n.db(), n.services())).dbVip(List.of(), List.of()), 1, 2, 3)
                        .expect(ClusterState.DEGRADED).noRemedy()
                        .says("DEGRADED: n2 unreachable (no ping, no shell, MySQL not responding)",
                                "who holds the DB VIP is unknown (not missing)")
                        .node("n2", NodeState.UNREACHABLE),

                // --- issue 13, defect 8: "in sync" only with the GTIDs
                c("inSyncIsShownForAReplica447TransactionsBehind: a replica behind the master's last position lags")
                        .cycle(0, () -> behindBy(1000, 553, 1000, false)).cycle(1, () -> behindBy(1000, 553, 1000, false))
                        .expect(ClusterState.ACTIVE_SYNCED).says("447 transactions behind master n1, all received")
                        .node("n2", NodeState.REPLICA_LAGGING),

                // --- no master
                c("DB VIP on no node").cycle(0, () -> Snap.healthy().addresses("n1", Snap.N1).dbVip(List.of(), List.of()))
                        .expect(ClusterState.NO_MASTER).says("NO MASTER", "no node holds DB VIP 198.51.100.89").noRemedy(),
                c("master read-only").cycle(0, () -> Snap.healthy().db("n1", readOnlyAlone("0-1-42", null)))
                        .expect(ClusterState.NO_MASTER).says("NO MASTER", "holds DB VIP 198.51.100.89 but is read-only"),
                c("nobody writable, no VIP, no history").cycle(0, () -> Snap.healthy().addresses("n1", Snap.N1)
                                .dbVip(List.of(), List.of()).db("n1", readOnlyAlone("0-1-42", null)))
                        .expect(ClusterState.NO_MASTER).says("no master"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detects(Scenario c) {
        c.verify();
    }

    // ------------------------------------------------------------------ the application side

    /** Tomcat killed on the active node n1 (its log's last lines read), backend fine; the database fine. */
    static Snap tomcatKilled() {
        return Snap.healthy().services("n1", Snap.svcs(Snap.svc("backend", true, 9090), Snap.svcDown("tomcat", 8080,
                "SEVERE: java.lang.OutOfMemoryError: Java heap space", "INFO: Stopping service [Catalina]")));
    }

    static List<ServiceProbe> allUp() {
        return Snap.svcs(Snap.svc("backend", true, 9090), Snap.svc("tomcat", true, 8080));
    }

    static List<ServiceProbe> allDown() {
        return Snap.svcs(Snap.svc("backend", false, 9090), Snap.svc("tomcat", false, 8080));
    }

    /** After a failover of the database alone: n2 the DB master (n1 its replica), the application still active on n1. */
    static Snap appOnN1DbOnN2() {
        return Snap.flipped().addresses("n1", Snap.N1, APP_VIP).addresses("n2", N2, DB_VIP)
                .appVip(List.of("n1"), List.of(MAC1)).services("n1", allUp()).services("n2", allDown());
    }

    /** n1, the active application node but not the DB master, lost: nothing of it answers the controller. */
    static Snap appNodeLost(PeerView peer) {
        Snap s = appOnN1DbOnN2().unreachable("n1").appVip(List.of(), List.of());
        return peer == null ? s : s.peerView("n1", peer);
    }

    /** The whole of n1 lost (DB master and active application: link down); n2's IO thread reconnects (2003). */
    static Snap n1Lost(PeerView peer) {
        Snap s = Snap.healthy().unreachable("n1").dbVip(List.of(), List.of()).appVip(List.of(), List.of())
                .replicaStatus("n2", status("Connecting", true, null, 2003, 0));
        return peer == null ? s : s.peerView("n1", peer);
    }

    static Snap appVipOnBoth() {
        return Snap.healthy().addresses("n2", N2, APP_VIP).appVip(List.of("n1", "n2"), List.of(MAC1, MAC2));
    }

    static Snap appVipNowhere() {
        return Snap.healthy().addresses("n1", Snap.N1, DB_VIP).appVip(List.of(), List.of());
    }

    static Stream<Scenario> appCases() {
        Maintenance backup = op(Maintenance.Kind.BACKUP, "backup");
        Maintenance masterSet = op(Maintenance.Kind.APP, "master-set");
        String steps = "steps: 1. promote n2 to DB master (what it received applied first); 2. move the DB VIP to n2;"
                + " 3. move the app VIP to n2; 4. start the services on n2 in the configured order (backend, tomcat)";
        return Stream.of(
                // --- SERVICES_DOWN: a restart after downAfter and 2 cycles, the logs as evidence
                c("servicesDown: tomcat killed on the active node, 1 cycle: no proposal yet").cycle(0, Snap::healthy)
                        .cycle(1, DetectorTest::tomcatKilled)
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.SERVICES_DOWN).appNoRemedy()
                        .appSays("active node n1: tomcat not running", "restart of the services on n1 once it lasts 3.0 s"
                                + " and 2 cycles"),
                c("servicesDown: 2 cycles within 2 s: not yet").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::tomcatKilled, 1, 2)
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.SERVICES_DOWN).appNoRemedy(),
                c("servicesDown: tomcat down for 3 s over 4 cycles: restart proposed, with its log").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::tomcatKilled, 1, 2, 3, 4)
                        .expect(ClusterState.ACTIVE_SYNCED).remedy(null).app(AppState.SERVICES_DOWN)
                        .appRemedy(Proposal.Kind.RESTART_SERVICES, "n1", "n1")
                        .appSays("active node n1: tomcat not running (3.3 s, 4 cycles); restart of the services on n1 possible")
                        .appEvidence("tomcat on n1: not running",
                                "tomcat on n1, log: SEVERE: java.lang.OutOfMemoryError: Java heap space",
                                "tomcat on n1, log: INFO: Stopping service [Catalina]",
                                "SERVICES_DOWN since 12:00:01.000, 4 cycle(s), 3.3 s")
                        .stillAnswering(),
                c("servicesDown: 2 cycles 3 s apart").cycle(0, Snap::healthy).cycles(DetectorTest::tomcatKilled, 1, 4)
                        .appRemedy(Proposal.Kind.RESTART_SERVICES, "n1", "n1"),
                c("servicesDown: tomcat runs but its port does not answer").cycle(0, Snap::healthy)
                        .cycles(() -> Snap.healthy().services("n1", Snap.svcs(Snap.svc("backend", true, 9090),
                                new ServiceProbe("tomcat", true, List.of(8180L), 8080, false, null))), 1, 2, 3, 4)
                        .app(AppState.SERVICES_DOWN).appRemedy(Proposal.Kind.RESTART_SERVICES, "n1", "n1")
                        .appEvidence("tomcat on n1: running (pid 8180), port 8080 closed"),
                c("servicesDown: while n2's copies answer, the remedy names them (two active servers)")
                        .cycle(0, Snap::healthy).cycles(() -> tomcatKilled().services("n2", allUp()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.RESTART_SERVICES, "n1", "n1")
                        .stillAnswering("backend on n2 (port 9090)", "tomcat on n2 (port 8080)"),
                c("servicesDown: tomcat answers again: nothing to do").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::tomcatKilled, 1, 2, 3, 4).cycle(5, Snap::healthy)
                        .app(AppState.ACTIVE).appNoRemedy(),

                // --- the active node lost: confirmed from the other node's vantage, nobody on the app VIP
                c("appNodeLost: n1 (active, not the DB master) lost and confirmed by n2, 4 cycles: move to n2")
                        .cycle(0, DetectorTest::appOnN1DbOnN2).cycles(() -> appNodeLost(Snap.seesNothing("n2")), 1, 2, 3, 4)
                        .expect(ClusterState.DEGRADED).app(AppState.NODE_LOST).appRemedy(Proposal.Kind.MOVE_APP, "n2", "n1")
                        .appSays("active node n1 answers nothing from the controller (no ping, no shell, ports 9090, 8080"
                                        + " closed) for 3.3 s (4 cycles)",
                                "n2 sees nothing of it either and nobody answers ARP for the app VIP: n2 takes control anyway",
                                "move of the application to n2 possible")
                        .appEvidence("n1 from n2: no ping, ssh port closed, port 3306 closed, port 8080 closed, port 9090"
                                + " closed", "app VIP 198.51.100.88: nobody answers ARP"),
                c("appNodeLost: 1 cycle: not yet").cycle(0, DetectorTest::appOnN1DbOnN2)
                        .cycle(1, () -> appNodeLost(Snap.seesNothing("n2")))
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("move of the application to n2 once it lasts 3.0 s and 2 cycles"),
                c("appNodeLost: cut off from the controller only, n2 still reaches n1: no proposal")
                        .cycle(0, DetectorTest::appOnN1DbOnN2).cycles(() -> appNodeLost(Snap.seesIt("n2")), seconds(1, 10))
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("active node n1 answers nothing from the controller",
                                "not confirmed: n1 from n2: ping answers, ssh port open",
                                "only cut off from the controller",
                                "no proposal, watching (by hand: hactl master-set --node n2)"),
                c("appNodeLost: n2 not asked: no proposal").cycle(0, DetectorTest::appOnN1DbOnN2)
                        .cycles(() -> appNodeLost(null), seconds(1, 10))
                        .app(AppState.NODE_LOST).appNoRemedy().appSays("not confirmed: n2 was not asked how it sees n1"),
                c("appNodeLost: n2 could not look: no proposal").cycle(0, DetectorTest::appOnN1DbOnN2)
                        .cycles(() -> appNodeLost(new PeerView("n2", false, false, Map.of(), "ssh n2: connection refused")),
                                seconds(1, 10))
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("not confirmed: n2 could not look (ssh n2: connection refused)"),
                c("appNodeLost: confirmed, but n1's MAC still answers ARP for the app VIP: not taking control")
                        .cycle(0, DetectorTest::appOnN1DbOnN2)
                        .cycles(() -> appNodeLost(Snap.seesNothing("n2")).appVip(List.of(), List.of(MAC1)), seconds(1, 10))
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("MAC 02:00:00:00:00:11 (n1) answers ARP for it: not taking control"),

                // --- NODE_FAILOVER against a failover of the database alone
                c("nodeFailover: the whole of n1 lost (DB master, active application), confirmed: one proposal")
                        .cycle(0, Snap::healthy).cycles(() -> n1Lost(Snap.seesNothing("n2")), 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.NODE_FAILOVER).master("n1").other("n2")
                        .says("MASTER DOWN: master n1 has not answered for 3.3 s (4 cycles)",
                                "n1 is lost (no ping, no shell, no port; n2 sees nothing of it either): one proposal for"
                                        + " both halves; node failover to n2 possible: n2 is 0 transactions behind")
                        .risk("n2 is 0 transactions behind").behind(0)
                        .evidence(steps, "app VIP 198.51.100.88: nobody answers ARP",
                                "n1 from n2: no ping, ssh port closed, port 3306 closed, port 8080 closed, port 9090 closed")
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("the node failover moves the application to n2 with the database (one proposal for both"
                                + " halves)"),
                c("nodeFailover: n1's mysqld killed, its host alive: the database fails over alone, the application stays")
                        .cycle(0, Snap::healthy).cycles(DetectorTest::masterKilled, 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("n1's host answers (ping answers, shell works): the application stays on n1",
                                "failover to n2 possible")
                        .app(AppState.ACTIVE).appNoRemedy(),
                c("nodeFailover: the whole of n1 lost, n2 not asked: the database fails over alone")
                        .cycle(0, Snap::healthy).cycles(() -> n1Lost(null), 1, 2, 3, 4)
                        .expect(ClusterState.MASTER_DOWN).remedy(Proposal.Kind.FAILOVER)
                        .says("n1 answers nothing from the controller, not confirmed: n2 was not asked how it sees n1:"
                                + " the database fails over alone, the application is not moved; failover to n2 possible")
                        .app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("the application is not moved (by hand, after the failover: hactl master-set --node n2)"),
                c("nodeFailover: the whole of n1 lost, 1 cycle: the database side has not confirmed yet")
                        .cycle(0, Snap::healthy).cycle(1, () -> n1Lost(Snap.seesNothing("n2")))
                        .expect(ClusterState.MASTER_UNREACHABLE).noRemedy().app(AppState.NODE_LOST).appNoRemedy()
                        .appSays("it also holds the DB master: one proposal for both halves (NODE_FAILOVER) once the"
                                + " database side confirms it down (now MASTER_UNREACHABLE)"),

                // --- VIP_CONFLICT: detach the app VIP from the wrong node
                c("appVipConflict: on both nodes, the services on n1: detach it from n2").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::appVipOnBoth, 1, 2, 3, 4)
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.VIP_CONFLICT)
                        .appRemedy(Proposal.Kind.DETACH_APP_VIP, "n2", "n1")
                        .appSays("n1 keeps it (the services run there)", "detach of the app VIP from n2 possible")
                        .stillAnswering(),
                c("appVipConflict: 1 cycle: not yet").cycle(0, Snap::healthy).cycle(1, DetectorTest::appVipOnBoth)
                        .app(AppState.VIP_CONFLICT).appNoRemedy().appSays("detach of the app VIP from n2 once it lasts"),
                c("appVipConflict: the services on n2 only: detach it from n1, though n1 is the DB master")
                        .cycle(0, Snap::healthy)
                        .cycles(() -> appVipOnBoth().services("n1", allDown()).services("n2", allUp()), 1, 2, 3, 4)
                        .app(AppState.VIP_CONFLICT).appRemedy(Proposal.Kind.DETACH_APP_VIP, "n1", "n2")
                        .appSays("n2 keeps it (the services run there)"),
                c("appVipConflict: the services on neither: the DB master keeps it").cycle(0, Snap::healthy)
                        .cycles(() -> appVipOnBoth().services("n1", allDown()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.DETACH_APP_VIP, "n2", "n1")
                        .appSays("the services run on neither: the DB master keeps it"),
                c("appVipConflict: the services on both: the DB master keeps it").cycle(0, Snap::healthy)
                        .cycles(() -> appVipOnBoth().services("n2", allUp()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.DETACH_APP_VIP, "n2", "n1")
                        .appSays("the services run on both: the DB master keeps it"),
                c("appVipConflict: a MAC hactl does not know answers: no proposal").cycle(0, Snap::healthy)
                        .cycles(() -> Snap.healthy().appVip(List.of("n1"), List.of(MAC1, "02:00:00:00:00:99")), 1, 2, 3, 4)
                        .app(AppState.VIP_CONFLICT).appNoRemedy()
                        .appSays("a host hactl does not know answers for it (MAC 02:00:00:00:00:99)"),

                // --- VIP_MISSING: attach it where the services run
                c("appVipMissing: the services on n1: attach it on n1").cycle(0, Snap::healthy)
                        .cycles(DetectorTest::appVipNowhere, 1, 2, 3, 4)
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.VIP_MISSING)
                        .appRemedy(Proposal.Kind.ATTACH_APP_VIP, "n1", "n1")
                        .appSays("it belongs on n1 (where the services run)", "attach of the app VIP on n1 possible")
                        .stillAnswering(),
                c("appVipMissing: the services on n2 only: attach it on n2").cycle(0, Snap::healthy)
                        .cycles(() -> appVipNowhere().services("n1", allDown()).services("n2", allUp()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.ATTACH_APP_VIP, "n2", "n1").appSays("it belongs on n2 (where the services run)"),
                c("appVipMissing: the services nowhere: on the DB master's node").cycle(0, Snap::healthy)
                        .cycles(() -> appVipNowhere().services("n1", allDown()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.ATTACH_APP_VIP, "n1", "n1")
                        .appSays("it belongs on n1 (the DB master's node: the services run nowhere)"),
                c("appVipMissing: the services on both: on the DB master's node, n2's copies named").cycle(0, Snap::healthy)
                        .cycles(() -> appVipNowhere().services("n2", allUp()), 1, 2, 3, 4)
                        .appRemedy(Proposal.Kind.ATTACH_APP_VIP, "n1", "n1")
                        .stillAnswering("backend on n2 (port 9090)", "tomcat on n2 (port 8080)"),
                c("appVipMissing: 1 cycle: not yet").cycle(0, Snap::healthy).cycle(1, DetectorTest::appVipNowhere)
                        .app(AppState.VIP_MISSING).appNoRemedy().appSays("attach of the app VIP on n1 once it lasts"),

                // --- application.follow_db_master
                c("followDbMaster: after a failover of the database alone, the application follows it to n2")
                        .cycles(DetectorTest::appOnN1DbOnN2, 0, 1, 2, 3)
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.SPLIT_FROM_DB)
                        .appRemedy(Proposal.Kind.MOVE_APP, "n2", "n1")
                        .appSays("application active on n1, DB master on n2: with application.follow_db_master the"
                                + " application follows the database", "move of the application to n2 possible")
                        .stillAnswering(),
                c("followDbMaster: 2 cycles within 2 s: not yet").cycles(DetectorTest::appOnN1DbOnN2, 0, 1)
                        .app(AppState.SPLIT_FROM_DB).appNoRemedy().appSays("move of the application to n2 once it lasts"),
                c("followDbMaster false: the application stays where it is").follow(false)
                        .cycles(DetectorTest::appOnN1DbOnN2, seconds(0, 10))
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.ACTIVE).appNoRemedy(),
                c("followDbMaster: the database side degraded: it waits").cycles(() -> appOnN1DbOnN2().replicaStatus("n1",
                                new ReplicaStatus(N2, 3306, "Yes", true, 45L, 0, "", 0, "", "", "Slave_Pos")), seconds(0, 10))
                        .expect(ClusterState.DEGRADED).app(AppState.SPLIT_FROM_DB).appNoRemedy()
                        .appSays("it moves once the database side is stable (now DEGRADED)"),
                c("followDbMaster: a backup of ours running: it waits").cycles(DetectorTest::appOnN1DbOnN2, backup,
                                seconds(0, 10))
                        .app(AppState.SPLIT_FROM_DB).appNoRemedy().appSays("backup a1b2c3d4 by alice"),

                // --- an application operation of ours: the application is ours, the database read as usual
                c("appOperation: master-set of ours running: no application proposal, the database as usual")
                        .cycles(DetectorTest::tomcatKilled, masterSet, seconds(0, 10))
                        .expect(ClusterState.ACTIVE_SYNCED).app(AppState.SERVICES_DOWN).appNoRemedy()
                        .appSays("operation master-set a1b2c3d4 by alice", "no application proposal while it runs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("appCases")
    void detectsTheApplication(Scenario c) {
        c.verify();
    }

    @Test
    void memoryCarriesTheMastersLastPositionAndForgetsTheFailureWhenItAnswers() {
        Cycles cy = new Cycles();
        cy.next(Snap.healthy(), Cycles.T0, null);
        assertThat(cy.memory.master()).isEqualTo("n1");
        assertThat(cy.memory.masterPosition().shown()).isEqualTo("0-1-42");
        for (int i = 1; i <= 4; i++) {
            cy.next(masterKilled(), Cycles.T0.plusSeconds(i), null);
        }
        assertThat(cy.memory.declaredDown()).isTrue();
        assertThat(cy.memory.failingCycles()).isEqualTo(4);
        assertThat(cy.memory.failingSince()).isEqualTo(Cycles.T0.plusSeconds(1));
        Assessment back = cy.next(Snap.healthy(), Cycles.T0.plusSeconds(5), null);
        assertThat(back.dbCode()).isEqualTo(DbCode.HEALTHY);
        assertThat(cy.memory.declaredDown()).isFalse();
        assertThat(cy.memory.failingSince()).isNull();
        assertThat(cy.memory.masterSeenAt()).isEqualTo(Cycles.T0.plusSeconds(5));
    }

    @Test
    void masterDownEvidenceNamesEachProbeAndTheReplicasView() {
        Cycles cy = new Cycles();
        cy.next(Snap.healthy(), Cycles.T0, null);
        Assessment a = null;
        for (int i = 1; i <= 4; i++) {
            a = cy.next(masterKilled(), Cycles.T0.plusSeconds(i), null);
        }
        assertThat(a.evidence()).containsExactly(
                "n1: SQL not answering (Connection refused) since 12:00:01.000, 4 cycle(s), 3.3 s",
                "n1: ping answers, shell works",
                "n2 (replica): IO thread Connecting, error 2003 error 2003, SQL thread Yes (was connected, lost n1)",
                "risk: n2 is 0 transactions behind (n1 last seen at 0-1-42 at 12:00:00.000, a lower bound from n1's last"
                        + " probe: what n1 committed after that and did not send is unknown until it returns)");
    }

    /**
     * Issue 13, defect 7: the controller's link to the master goes down; each cycle on the dead node
     * lasts 4.4 s (its shell probe's timeout). Old: "not answered for 4.4 s" when 8.8 s had passed
     * since the first failed probe (timed to the start of the last cycle).
     */
    @Test
    void wholeNodeLossIsSlowAndMislabelled_theOutageIsTimedFromTheFirstFailedProbeToTheEndOfTheLastCycle() {
        Cycles cy = new Cycles(DetectionMemory.EMPTY);
        Duration dead = Duration.ofMillis(4400);
        cy.next(Snap.healthy(), Cycles.T0, null);
        Instant first = Cycles.T0.plusMillis(300);
        Assessment a1 = cy.next(masterCutOff().elapsed(dead), first, null);
        assertThat(a1.observed()).isEqualTo(ClusterState.MASTER_UNREACHABLE);
        Assessment a2 = cy.next(masterCutOff().elapsed(dead).replicaStatus("n2", status("Connecting", true, null, 2003, 0)),
                first.plus(dead), null);
        assertThat(a2.observed()).as(a2.sentence()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(a2.sentence()).contains("has not answered for 8.8 s (2 cycles)");
        assertThat(a2.evidence().get(0)).isEqualTo("n1: SQL not answering (connect timed out) since 12:00:00.300,"
                + " 2 cycle(s), 8.8 s");
    }

    @Test
    void theReplicasLinkIsRememberedAcrossCycles() {
        Cycles cy = new Cycles();
        cy.next(Snap.healthy(), Cycles.T0, null);
        assertThat(cy.memory.replicaLink()).isEqualTo(DetectionMemory.Link.CONNECTED);
        cy.next(masterKilled(), Cycles.T0.plusSeconds(1), null);
        assertThat(cy.memory.replicaLink()).isEqualTo(DetectionMemory.Link.LOST);
        cy.next(ioStoppedByHand(), Cycles.T0.plusSeconds(2), null);
        assertThat(cy.memory.replicaLink()).isEqualTo(DetectionMemory.Link.NOT_CONNECTED);
        cy.next(Snap.healthy().dbKilled("n1").replicaStatus("n2", status("Connecting", true, null, 2003, 0)),
                Cycles.T0.plusSeconds(3), null);
        assertThat(cy.memory.replicaLink()).as("started again while n1 is dead: never connected since")
                .isEqualTo(DetectionMemory.Link.NOT_CONNECTED);
        assertThat(cy.memory.newMaster("n2").replicaLink()).isEqualTo(DetectionMemory.Link.UNSEEN);
    }

    @Test
    void sameInputsSameAssessment() {
        Assessment a = new Cycles().next(masterKilled(), Cycles.T0, null);
        Assessment b = new Cycles().next(masterKilled(), Cycles.T0, null);
        assertThat(a).isEqualTo(b);
    }

    // ------------------------------------------------------------------ the table's machinery

    static Scenario c(String name) {
        return new Scenario(name);
    }

    static int[] seconds(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }

    /** One row: a sequence of cycles and what the last one (and, optionally, every one) must say. */
    static final class Scenario {
        private record Step(int second, Supplier<Snap> snap, Maintenance op) {
        }

        private final String name;
        private DetectionMemory memory = DetectionMemory.EMPTY;
        private boolean followDbMaster = true;
        private final List<Step> steps = new ArrayList<>();
        private ClusterState state;
        private boolean checkRemedy;
        private Proposal.Kind remedy;
        private final List<String> words = new ArrayList<>();
        private final Map<String, NodeState> nodes = new LinkedHashMap<>();
        private final List<ClusterState> never = new ArrayList<>();
        private Integer staysFrom;
        private ClusterState stays;
        /** The optional checks of the last cycle's assessment (master, other, risk, ...), in the order given. */
        private final List<BiConsumer<SoftAssertions, Assessment>> checks = new ArrayList<>();

        Scenario(String name) {
            this.name = name;
        }

        Scenario mem(DetectionMemory m) {
            memory = m;
            return this;
        }

        /** application.follow_db_master (default true). */
        Scenario follow(boolean f) {
            followDbMaster = f;
            return this;
        }

        /** The last cycle's application remedy is {@code kind} on {@code node}, {@code master} the other party. */
        Scenario appRemedy(Proposal.Kind kind, String node, String master) {
            return check((soft, a) -> {
                soft.assertThat(a.appRemedy()).as("app remedy" + appSaid(a)).isNotNull();
                if (a.appRemedy() != null) {
                    soft.assertThat(List.of(a.appRemedy().kind(), a.appRemedy().node(), String.valueOf(a.appRemedy().master())))
                            .as("app remedy kind, node, master" + appSaid(a)).containsExactly(kind, node, master);
                    soft.assertThat(a.appRemedy().sentence()).as("app remedy sentence").isEqualTo(a.appSentence());
                }
            });
        }

        Scenario appNoRemedy() {
            return check((soft, a) -> soft.assertThat(a.appRemedy()).as("app remedy" + appSaid(a)).isNull());
        }

        Scenario appSays(String... w) {
            return check((soft, a) -> {
                for (String x : w) {
                    soft.assertThat(a.appSentence()).as("app sentence").contains(x);
                }
            });
        }

        /** The application remedy's evidence has each line. */
        Scenario appEvidence(String... lines) {
            return check((soft, a) -> soft.assertThat(a.appRemedy() == null ? List.<String>of() : a.appRemedy().evidence())
                    .as("app evidence" + appSaid(a)).contains(lines));
        }

        Scenario stillAnswering(String... services) {
            return check((soft, a) -> soft.assertThat(a.appRemedy() == null ? List.<String>of() : a.appRemedy().stillAnswering())
                    .as("the other node's copies still answering" + appSaid(a)).containsExactly(services));
        }

        /** The last cycle's evidence (the database side's) has each line. */
        Scenario evidence(String... lines) {
            return check((soft, a) -> soft.assertThat(a.evidence()).as("evidence" + said(a)).contains(lines));
        }

        Scenario cycle(int second, Supplier<Snap> snap) {
            return cycle(second, snap, null);
        }

        Scenario cycle(int second, Supplier<Snap> snap, Maintenance op) {
            steps.add(new Step(second, snap, op));
            return this;
        }

        Scenario cycles(Supplier<Snap> snap, int... seconds) {
            return cycles(snap, null, seconds);
        }

        Scenario cycles(Supplier<Snap> snap, Maintenance op, int... seconds) {
            for (int s : seconds) {
                cycle(s, snap, op);
            }
            return this;
        }

        Scenario expect(ClusterState s) {
            state = s;
            return this;
        }

        Scenario remedy(Proposal.Kind k) {
            checkRemedy = true;
            remedy = k;
            return this;
        }

        Scenario noRemedy() {
            return remedy(null);
        }

        Scenario says(String... w) {
            words.addAll(List.of(w));
            return this;
        }

        Scenario node(String n, NodeState s) {
            nodes.put(n, s);
            return this;
        }

        Scenario never(ClusterState s) {
            never.add(s);
            return this;
        }

        /** Every cycle from the {@code second} on shows {@code s}. */
        Scenario staysFrom(int second, ClusterState s) {
            staysFrom = second;
            stays = s;
            return this;
        }

        Scenario master(String m) {
            return equal("master", Assessment::master, m);
        }

        Scenario other(String o) {
            return equal("other", Assessment::other, o);
        }

        Scenario risk(String r) {
            return check((soft, a) -> soft.assertThat(a.risk()).as("risk").contains(r));
        }

        Scenario behind(long b) {
            return equal("transactions behind", Assessment::otherBehind, b);
        }

        Scenario app(AppState s) {
            return check((soft, a) -> soft.assertThat(a.app()).as("app state: " + a.appSentence()).isEqualTo(s));
        }

        Scenario lag(Long l) {
            return equal("replica lag", Assessment::replicaLag, l);
        }

        /** The last cycle's {@code what} is {@code expected}. */
        private Scenario equal(String what, Function<Assessment, Object> actual, Object expected) {
            return check((soft, a) -> soft.assertThat(actual.apply(a)).as(what + said(a)).isEqualTo(expected));
        }

        private Scenario check(BiConsumer<SoftAssertions, Assessment> c) {
            checks.add(c);
            return this;
        }

        private static String appSaid(Assessment a) {
            return "\n  app said: " + a.appSentence() + "\n  app remedy: " + a.appRemedy();
        }

        private static String said(Assessment a) {
            return "\n  said: " + a.sentence() + "\n  evidence: " + a.evidence();
        }

        void verify() {
            Cycles cy = new Cycles(memory, followDbMaster);
            List<Assessment> seen = new ArrayList<>();
            for (Step s : steps) {
                seen.add(cy.next(s.snap().get(), Cycles.T0.plusSeconds(s.second()), s.op()));
            }
            Assessment a = seen.get(seen.size() - 1);
            String said = said(a);
            SoftAssertions soft = new SoftAssertions();
            if (state != null) {
                soft.assertThat(a.observed()).as("state" + said).isEqualTo(state);
            }
            if (checkRemedy) {
                soft.assertThat(a.remedy()).as("remedy" + said).isEqualTo(remedy);
            }
            for (String w : words) {
                soft.assertThat(a.sentence()).as("sentence").contains(w);
            }
            nodes.forEach((n, s) -> soft.assertThat(a.nodes().get(n)).as("node " + n + said).isEqualTo(s));
            for (ClusterState n : never) {
                for (int i = 0; i < seen.size(); i++) {
                    soft.assertThat(seen.get(i).observed()).as("cycle at " + steps.get(i).second() + " s: "
                            + seen.get(i).sentence()).isNotEqualTo(n);
                }
            }
            if (stays != null) {
                for (int i = 0; i < seen.size(); i++) {
                    if (steps.get(i).second() >= staysFrom) {
                        soft.assertThat(seen.get(i).observed()).as("cycle at " + steps.get(i).second() + " s: "
                                + seen.get(i).sentence()).isEqualTo(stays);
                    }
                }
            }
            checks.forEach(c -> c.accept(soft, a));
            soft.assertAll();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
