package io.hactl.bench;

import static io.hactl.bench.FaultCase.Expected;
import static io.hactl.bench.FaultCase.Risk;

import io.hactl.bench.FaultCase.Action;
import io.hactl.bench.FaultCase.Outcome;
import io.hactl.bench.FaultCase.RowsLost;
import io.hactl.lab.LabNetwork;
import io.hactl.lab.LabNode;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The torture run's fault matrix (issue 13): fourteen faults, each a {@link FaultCase} with
 * what hactl must show and do, from the baseline (n1 master with the DB VIP, n2 its
 * replica). The expectations are what issue 13 asks for, not what today's code does: a row
 * that fails names a defect still there.
 */
final class FaultMatrix {

    /**
     * n1 is the DB master and the active application node: losing its whole node is one proposal
     * for both halves (issue 14), not a database failover alone.
     */
    static final Proposal.Kind NODE_LOST = Proposal.Kind.NODE_FAILOVER;


    private FaultMatrix() {
    }

    static final Duration PROPOSAL_WAIT = Duration.ofSeconds(30);

    /** All fourteen rows, in the order. */
    static List<FaultCase> all() {
        List<FaultCase> rows = new ArrayList<>();
        rows.add(new FaultCase(1, "kill -9 master mysqld",
                new Action("kill -9 of n1's mariadbd", c -> c.lab().killMariadb("n1")),
                new Action("start n1's mariadbd again (lab heal)", c -> c.lab().startMariadb("n1")), false,
                PROPOSAL_WAIT, ClusterState.FAILOVER_PROPOSED, new Expected(Proposal.Kind.FAILOVER, "n2"),
                Risk.noLoss(), true, promoted("n2"), RowsLost.NONE));
        rows.add(new FaultCase(2, "kill -9 master mysqld, the replica's SQL thread stopped",
                new Action("STOP SLAVE SQL_THREAD on n2, 100 more writes, kill -9 of n1's mariadbd", c -> {
                    c.lab().sqlAsRoot("n2", "STOP SLAVE SQL_THREAD");
                    c.awaitWrites(100, Duration.ofSeconds(30));
                    c.lab().killMariadb("n1");
                }),
                new Action("start n1's mariadbd, START SLAVE on n2 (lab heal)", c -> c.lab().startMariadb("n1")), false,
                PROPOSAL_WAIT, ClusterState.FAILOVER_PROPOSED, new Expected(Proposal.Kind.FAILOVER, "n2"),
                Risk.noLoss(), true, promoted("n2"), RowsLost.NONE));
        rows.add(new FaultCase(3, "kill -9 master mysqld, the replica's IO thread stopped",
                new Action("STOP SLAVE IO_THREAD on n2, 100 more writes, kill -9 of n1's mariadbd", c -> {
                    c.lab().sqlAsRoot("n2", "STOP SLAVE IO_THREAD");
                    c.awaitWrites(100, Duration.ofSeconds(30));
                    c.lab().killMariadb("n1");
                }),
                new Action("start n1's mariadbd, START SLAVE on n2 (lab heal)", c -> c.lab().startMariadb("n1")), false,
                PROPOSAL_WAIT, ClusterState.FAILOVER_PROPOSED, new Expected(Proposal.Kind.FAILOVER, "n2"),
                Risk.noLoss(), true, promoted("n2"), RowsLost.NONE));
        rows.add(new FaultCase(4, "SIGSTOP master 8 s",
                new Action("SIGSTOP to n1's mariadbd, SIGCONT after 8 s", c -> c.lab().pauseMariadb("n1")),
                new Action("SIGCONT to n1's mariadbd", c -> c.lab().resumeMariadb("n1")), true,
                Duration.ofSeconds(8), ClusterState.FAILOVER_PROPOSED, new Expected(Proposal.Kind.FAILOVER, "n2"),
                Risk.noLoss(), false, masterIs("n1"), RowsLost.NONE));
        rows.add(new FaultCase(5, "master node link down",
                new Action("link of n1 down for 15 s, not acknowledged", c -> c.lab().linkDown("n1")),
                new Action("link of n1 up", c -> c.lab().linkUp("n1")), true,
                Duration.ofSeconds(15), ClusterState.FAILOVER_PROPOSED, new Expected(NODE_LOST, "n2"),
                Risk.lowerBound(), false, masterIs("n1"), RowsLost.NONE));
        rows.add(new FaultCase(6, "master node link down, acknowledged during the outage",
                new Action("link of n1 down; the failover acknowledged while it is down", c -> c.lab().linkDown("n1")),
                new Action("link of n1 up (after the failover)", c -> c.lab().linkUp("n1")), true,
                PROPOSAL_WAIT, ClusterState.FAILOVER_PROPOSED, new Expected(NODE_LOST, "n2"),
                Risk.lowerBound(), true, fencedOnReturn("n2"), RowsLost.AT_MOST_PROPOSED));
        rows.add(new FaultCase(7, "controller cut from the master",
                new Action("blackhole route to n1 on the controller's host for 15 s (n2 still reaches n1)",
                        c -> c.lab().cutFromHost("n1")),
                new Action("blackhole route removed", c -> c.lab().reconnectToHost("n1")), true,
                Duration.ofSeconds(15), ClusterState.MASTER_UNREACHABLE, Expected.NONE, Risk.none(), false,
                masterIs("n1"), RowsLost.NONE));
        rows.add(new FaultCase(8, "master-replica partition",
                new Action("n1 and n2 cannot reach each other for 12 s (the controller reaches both)",
                        c -> c.lab().partition()),
                new Action("partition removed", c -> c.lab().unpartition()), true,
                Duration.ofSeconds(12), ClusterState.DEGRADED, Expected.NONE, Risk.none(), false, masterIs("n1"),
                RowsLost.NONE));
        rows.add(new FaultCase(9, "replica read_only=0",
                new Action("SET GLOBAL read_only=0 on n2", c -> c.lab().sqlAsRoot("n2", "SET GLOBAL read_only=0")),
                new Action("SET GLOBAL read_only=1 on n2", c -> c.lab().sqlAsRoot("n2", "SET GLOBAL read_only=1")), false,
                PROPOSAL_WAIT, ClusterState.SPLIT_BRAIN, new Expected(Proposal.Kind.DETACH_VIP, "n2"),
                Risk.noLoss(), true, masterIs("n1"), RowsLost.NONE));
        rows.add(new FaultCase(10, "an errant transaction on the replica",
                new Action("a row written on n2 as root in GTID domain 9 (n2 keeps replicating)", c -> c.lab()
                        .sqlAsRoot("n2", "SET SESSION gtid_domain_id=9; INSERT INTO hactl_demo.switch_writes (writer, n,"
                                + " server_id) VALUES ('" + ERRANT_WRITER + "', " + System.nanoTime() + ", @@server_id)")),
                new Action("n2 rebuilt from n1 (lab heal)", c -> { }), false,
                PROPOSAL_WAIT, ClusterState.OUT_OF_DATE, new Expected(Proposal.Kind.RESYNC, "n2"),
                Risk.namesErrantGtid(), true, both(masterIs("n1"), noErrantRowOnN2()), RowsLost.NONE));
        rows.add(new FaultCase(11, "a backup pausing the replica when the master dies",
                new Action("FLUSH TABLES WITH READ LOCK on n2 for 8 s (a backup); 100 writes later kill -9 of n1's"
                        + " mariadbd", FaultMatrix::backupThenKill),
                new Action("the backup's lock released, n1's mariadbd started (lab heal)", c -> {
                    c.closeKept();
                    c.lab().startMariadb("n1");
                }), false,
                PROPOSAL_WAIT, ClusterState.FAILOVER_PROPOSED, new Expected(Proposal.Kind.FAILOVER, "n2"),
                Risk.noLoss(), true, promoted("n2"), RowsLost.NONE));
        rows.add(new FaultCase(12, "a long transaction on the master at switchover",
                new Action("a transaction of 50 rows open on n1 as hactl (privileged), a switchover to n2 requested"
                        + " from the controller, then COMMIT", FaultMatrix::longTransactionAtSwitchover),
                new Action("the transaction's connection closed (lab heal switches back)", FaultCase.Context::closeKept),
                false, Duration.ofSeconds(20), ClusterState.SWITCHING, new Expected(Proposal.Kind.MOVE_APP, "n2"),
                Risk.none(), false, masterIs("n2"), RowsLost.NONE)); // the application follows the DB (issue 14)
        rows.add(new FaultCase(13, "disk full on the master",
                new Action("a 1 MB file system under a MyISAM table of n1, filled until the server waits for space"
                        + " (10 s)", c -> c.lab().diskFull("n1")),
                new Action("room again, the table dropped", c -> c.lab().diskFree("n1")), true,
                Duration.ofSeconds(10), ClusterState.ACTIVE_SYNCED, Expected.NONE, Risk.none(), false, masterIs("n1"),
                RowsLost.NONE));
        rows.add(new FaultCase(14, "the old master returning",
                new Action("kill -9 of n1's mariadbd, the failover acknowledged, n1's mariadbd started again",
                        FaultMatrix::failoverThenReturn),
                new Action("n1 back to master (lab heal)", c -> { }), false,
                Duration.ofSeconds(60), ClusterState.STANDALONE, new Expected(Proposal.Kind.REJOIN, "n1"),
                Risk.noLoss(), true, masterIs("n2"), RowsLost.NONE));
        return List.copyOf(rows);
    }

    /** The rows with these numbers, in the order given. */
    static List<FaultCase> select(List<Integer> numbers) {
        List<FaultCase> all = all();
        List<FaultCase> out = new ArrayList<>();
        for (int n : numbers) {
            out.add(all.stream().filter(f -> f.number() == n).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "no fault " + n + " in the matrix (1-" + all.size() + ")")));
        }
        return out;
    }

    /** The writer of fault 10's errant row. */
    static final String ERRANT_WRITER = "errant-on-n2";

    // ------------------------------------------------------------------ outcomes

    /** {@code m} writable with the DB VIP, the other read-only without it, replicating from {@code m}; ACTIVE_SYNCED. */
    static Outcome masterIs(String m) {
        String o = PairView.other(m);
        return new Outcome(m + " master with the DB VIP, " + o + " its read-only replica, ACTIVE_SYNCED", m, x ->
                x.state() == ClusterState.ACTIVE_SYNCED && m.equals(x.pair().master())
                        && !x.pair().node(o).vip() && x.pair().node(o).up() && x.pair().node(o).readOnly()
                        && x.pair().node(o).replicatesFrom(m));
    }

    /** {@code m} writable with the DB VIP; the old master without the VIP and, if its server runs, read-only. */
    static Outcome promoted(String m) {
        String o = PairView.other(m);
        return new Outcome(m + " master with the DB VIP, " + o + " fenced (no VIP; read-only or down)", m, x ->
                m.equals(x.pair().master()) && !x.pair().node(o).vip() && !x.pair().node(o).writable());
    }

    /** Promoted, and the old master, back on the network, fenced without a second acknowledgement. */
    static Outcome fencedOnReturn(String m) {
        String o = PairView.other(m);
        return new Outcome(m + " master with the DB VIP; " + o + ", back, fenced at once (no VIP, read-only)"
                + " without a second ack", m, x -> m.equals(x.pair().master()) && !x.pair().node(o).vip()
                && x.pair().node(o).up() && x.pair().node(o).readOnly());
    }

    static Outcome both(Outcome a, Outcome b) {
        return new Outcome(a.words() + "; " + b.words(), a.master(), x -> a.holds().test(x) && b.holds().test(x));
    }

    /** Fault 10: the errant row is gone from n2 (read through the lab, so only judged with n2 up). */
    static Outcome noErrantRowOnN2() {
        return new Outcome("n2 without the errant row", "n1", x -> x.pair().node("n2").up() && x.errantRows() == 0);
    }

    // ------------------------------------------------------------------ steps

    /** Fault 11: a backup's read lock on the replica, the master killed while it holds, the lock released 8 s later. */
    private static void backupThenKill(FaultCase.Context c) throws Exception {
        Connection backup = c.connect(LabNode.N2.address());
        c.keep(backup);
        try (Statement st = backup.createStatement()) {
            st.execute("FLUSH TABLES WITH READ LOCK");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        Thread ender = new Thread(() -> {
            // the backup's length: it holds its lock 8 s, then ends whatever happens meanwhile
            java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            try {
                backup.close();
            } catch (SQLException e) {
                // closed by the heal already
            }
        }, "torture-backup");
        ender.setDaemon(true);
        ender.start();
        c.awaitWrites(100, Duration.ofSeconds(30));
        c.lab().killMariadb("n1");
    }

    /** Fault 12: a privileged transaction open on the master while a switchover starts; committed during it. */
    private static void longTransactionAtSwitchover(FaultCase.Context c) throws Exception {
        String writer = "long-" + System.nanoTime();
        Connection tx = c.connect(LabNetwork.DB_VIP);
        c.keep(tx);
        tx.setAutoCommit(false);
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO switch_writes (writer, n, server_id) VALUES (?, ?, @@server_id)")) {
            for (long n = 1; n <= 50; n++) {
                ps.setString(1, writer);
                ps.setLong(2, n);
                ps.executeUpdate();
                ids.add(n);
            }
        }
        var r = c.controller().requestSwitchover("n2", "torture", "a long transaction open on the master");
        c.note("switchover requested: " + r.outcome() + " " + r.message());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.controller().status().operation() == null && System.nanoTime() < deadline) {
            Thread.sleep(20); // the poll's period, waiting for the operation to show
        }
        try {
            tx.commit();
            c.acknowledged(writer, ids);
            c.note("the long transaction's COMMIT returned OK: its 50 rows count as acknowledged");
        } catch (SQLException e) {
            c.note("the long transaction's COMMIT failed (not acknowledged): " + e.getErrorCode() + " " + e.getMessage());
        }
    }

    /** Fault 14: the failover of a killed master done, then the old master's server started again. */
    private static void failoverThenReturn(FaultCase.Context c) throws Exception {
        c.lab().killMariadb("n1");
        Proposal p = c.ack(Proposal.Kind.FAILOVER, PROPOSAL_WAIT);
        Proposal end = c.awaitEnd(p, Duration.ofSeconds(120));
        c.note("failover " + end.id() + " ended " + end.status() + (end.comment() == null ? "" : ": " + end.comment()));
        c.awaitWrites(50, Duration.ofSeconds(30));
        c.lab().startMariadb("n1");
    }
}
