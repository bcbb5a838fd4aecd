package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.db.GtidMemory;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads both nodes before a db command decides anything (both at once, and on each node the
 * database and the shell at once): each database's state over the admin connection, and over
 * ssh whether the node holds the DB and app VIPs.
 * When the other database cannot be reached, also asks from the target who answers ARP for
 * the DB VIP (a failover, which checks that after its change, asks only when the other node's
 * shell does not answer either). Records what it read in the {@link GtidMemory} (every successful probe does).
 * Only reads (what a caller runs beside the read, {@link ReceiverStop}, is its own change).
 */
final class PairObserver {

    private final HactlConfig cfg;
    private final VipManager vips;
    private final GtidMemory memory;
    private String timing = "";
    /** Each node's parts of the last read, in words ("n2 database 40 ms, shell 35 ms"), by node name. */
    private final Map<String, String> parts = new ConcurrentHashMap<>();

    PairObserver(HactlConfig cfg, VipManager vips, GtidMemory memory) {
        this.cfg = cfg;
        this.vips = vips;
        this.memory = memory;
    }

    Observation observe(NodeConfig target, NodeConfig other, Connections db, String by) {
        return observe(target, other, db, by, false);
    }

    /**
     * @param verifyAfter the caller checks after its change that only the target answers ARP for the DB VIP
     *                    (a failover, issue 20: promote, then verify): who answers is asked before only when the
     *                    other node's shell does not answer, so the DB VIP cannot be removed there
     */
    Observation observe(NodeConfig target, NodeConfig other, Connections db, String by, boolean verifyAfter) {
        return observe(target, other, db, by, verifyAfter, null);
    }

    /** What a database part of the read gave: its state (null: it did not answer) over {@code admin}. */
    private record DbPart(DbState state, DbAdmin admin) {
    }

    /**
     * As {@link #observe(NodeConfig, NodeConfig, Connections, String, boolean)}, with {@code beside} (null: none)
     * run as soon as both databases have answered (or not), while the shells' part of the read goes on: the
     * failover's {@link ReceiverStop} (issue 20). It gets the target's connection, which the read no longer uses
     * then; the observation returned is what was read before it, and it has ended when this returns.
     */
    Observation observe(NodeConfig target, NodeConfig other, Connections db, String by, boolean verifyAfter,
                        ReceiverStop beside) {
        long t0 = System.nanoTime();
        parts.clear();
        CompletableFuture<DbPart> tDb = new CompletableFuture<>();
        CompletableFuture<DbPart> xDb = new CompletableFuture<>();
        CompletableFuture<NodeView> t = CompletableFuture.supplyAsync(() -> read(target, db, tDb));
        CompletableFuture<NodeView> x = CompletableFuture.supplyAsync(() -> read(other, db, xDb));
        CompletableFuture<Void> besideDone = beside == null ? CompletableFuture.completedFuture(null)
                : tDb.thenAcceptBothAsync(xDb, (tp, xp) -> {
                    if (tp.state() != null) {
                        beside.run(tp.state(), tp.admin(), xp.state() != null);
                    }
                }).exceptionally(e -> null);
        NodeView tv = t.join();
        NodeView xv = x.join();
        if (tv.dbUp() && xv.dbUp()) {
            // Read at the same time under writes, a replica read a moment after its master looks
            // ahead of it. Read again, one after the other: the replica first, then its master.
            boolean targetFirst = tv.db().isReplica() || !xv.db().isReplica();
            NodeView first = targetFirst ? tv : xv;
            NodeView second = targetFirst ? xv : tv;
            NodeView f2 = reread(first, db);
            NodeView s2 = reread(second, db);
            tv = targetFirst ? f2 : s2;
            xv = targetFirst ? s2 : f2;
        }
        long read = System.nanoTime();
        GtidMemory.Seen otherSeen = memory.last(other.name()).orElse(null);
        List<String> arp = null;
        String arpError = null;
        String otherMac = null;
        if (!xv.dbUp() && tv.shellOk() && !tv.holdsDbVip() && !(verifyAfter && xv.shellOk())) {
            try {
                arp = vips.answeringMacs(target, cfg.dbVip());
                if (xv.shellOk() && xv.holdsDbVip()) {
                    otherMac = vips.mac(other);
                }
            } catch (StepFailed e) {
                arpError = e.getMessage();
            }
        }
        besideDone.join();
        long end = System.nanoTime();
        timing = "databases and VIP holders " + ms(t0, read) + " ms (" + parts(target, other) + ")" + (arp != null || arpError != null ? ", who answers ARP for the"
                + " DB VIP (asked from " + target.name() + ") " + ms(read, end) + " ms" : "");
        remember(by, tv, xv);
        return new Observation(tv, xv, cfg.dbVip().address(), otherSeen, arp, arpError, otherMac);
    }

    /** How long the last {@link #observe} took, in words: a failover's critical path starts with it (issue 20). */
    String timing() {
        return timing;
    }

    private String parts(NodeConfig target, NodeConfig other) {
        return java.util.stream.Stream.of(target.name(), other.name()).filter(parts::containsKey)
                .map(n -> n + ": " + parts.get(n)).collect(java.util.stream.Collectors.joining("; "));
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Records the states read now (nodes whose database answered). Never fails the command. */
    void remember(String by, NodeView... views) {
        Map<String, GtidMemory.Seen> seen = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (NodeView v : views) {
            if (v.dbUp()) {
                seen.put(v.name(), GtidMemory.Seen.of(v.db(), now, by));
            }
        }
        rememberStates(by, seen);
    }

    void rememberStates(String by, Map<String, GtidMemory.Seen> seen) {
        try {
            memory.record(seen);
        } catch (RuntimeException e) {
            // the memory is an aid for a later failover; a command does not fail on it
        }
    }

    private static NodeView reread(NodeView v, Connections db) {
        try {
            return new NodeView(v.node(), db.get(v.node()).state(), null, v.shellOk(), v.shellError(), v.holdsDbVip(),
                    v.holdsAppVip());
        } catch (DbAdminException e) {
            return new NodeView(v.node(), null, e.getMessage(), v.shellOk(), v.shellError(), v.holdsDbVip(),
                    v.holdsAppVip());
        }
    }

    /** The node's database and, over ssh at the same time, the VIPs it holds (issue 20: no round trip waits for another). */
    private NodeView read(NodeConfig node, Connections db, CompletableFuture<DbPart> dbPart) {
        long t0 = System.nanoTime();
        long[] shellEnd = new long[1];
        CompletableFuture<Object> vipsHeld = CompletableFuture.supplyAsync(() -> {
            try {
                return vips.held(node, List.of(cfg.dbVip(), cfg.appVip()));
            } catch (StepFailed e) {
                return e;
            } finally {
                shellEnd[0] = System.nanoTime();
            }
        });
        DbState state = null;
        String dbError = null;
        DbAdmin a = null;
        try {
            a = db.connect(node);
            state = a.state();
        } catch (DbAdminException e) {
            dbError = e.getMessage().startsWith(node.name() + ": ") ? e.getMessage().substring(node.name().length() + 2)
                    : e.getMessage();
        } finally {
            // after this the read uses the connection no more (a re-read, both databases up, comes after the join)
            dbPart.complete(new DbPart(state, state == null ? null : a));
        }
        long dbEnd = System.nanoTime();
        boolean shellOk = false;
        String shellError = null;
        boolean holdsDb = false;
        boolean holdsApp = false;
        Object held = vipsHeld.join();
        if (held instanceof StepFailed e) {
            shellError = e.getMessage();
        } else {
            List<?> addresses = (List<?>) held;
            holdsDb = addresses.contains(cfg.dbVip().address());
            holdsApp = addresses.contains(cfg.appVip().address());
            shellOk = true;
        }
        parts.put(node.name(), "database " + ms(t0, dbEnd) + " ms" + (state == null ? " (down)" : "") + ", shell "
                + ms(t0, shellEnd[0]) + " ms");
        return new NodeView(node, state, dbError, shellOk, shellError, holdsDb, holdsApp);
    }
}
