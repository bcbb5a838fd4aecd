package io.hactl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's semi-synchronous replication as its server reports it. With it on the master (wait
 * point AFTER_SYNC) and on the replica, the master acknowledges a commit to its client only once
 * the replica has received it: losing the master's whole node loses no acknowledged write. Without
 * it, a commit the replica had not received when the node went is lost (bench/node-loss.sh).
 *
 * <p>MariaDB names: rpl_semi_sync_master_enabled, rpl_semi_sync_slave_enabled,
 * rpl_semi_sync_master_wait_point, rpl_semi_sync_master_wait_no_slave, rpl_semi_sync_master_timeout,
 * and the status Rpl_semi_sync_master_status, Rpl_semi_sync_master_clients. MySQL 8.0.26+ says
 * source and replica for master and slave, and has them only with its semisync plugins loaded.
 *
 * @param available     the server has semi-sync at all (MariaDB 10.3+ always; MySQL with its plugins)
 * @param masterEnabled it waits for a replica's receipt when it is the master
 * @param replicaEnabled it acknowledges receipt when it is a replica (read when its IO thread starts)
 * @param waitPoint     AFTER_SYNC (nothing is visible to other sessions before the replica has it) or
 *                      AFTER_COMMIT; null when unknown
 * @param waitNoReplica with no replica connected, it still waits the timeout on each commit (ON) or
 *                      goes on at once (OFF: what a node that is a replica itself needs)
 * @param timeoutMs     how long it waits for a receipt before going on alone (asynchronous)
 * @param active        it waits for receipts now (status ON); OFF: it went on alone, or is not a master
 * @param replicas      replicas connected that acknowledge (status clients)
 */
public record SemiSync(boolean available, boolean masterEnabled, boolean replicaEnabled, String waitPoint,
                       boolean waitNoReplica, long timeoutMs, boolean active, int replicas) {

    /** The server has no semi-sync (MySQL without its plugins). */
    public static final SemiSync NONE = new SemiSync(false, false, false, null, false, 0, false, 0);

    /** Where docs and fixes point. */
    public static final String DOC = "docs/runbook-db.md#semi-synchronous-replication";

    /** The settings a node of the pair needs, the same on both (a MariaDB my.cnf's [mysqld] lines). */
    public static final List<String> MARIADB_LINES = List.of("rpl_semi_sync_master_enabled = ON",
            "rpl_semi_sync_slave_enabled = ON", "rpl_semi_sync_master_wait_point = AFTER_SYNC",
            "rpl_semi_sync_master_wait_no_slave = OFF", "rpl_semi_sync_master_timeout = 10000");

    /**
     * From the server's variables and status, name to value, in either dialect's names and any case;
     * {@link #NONE} when none of them is there.
     */
    public static SemiSync from(Map<String, String> values) {
        Map<String, String> v = new java.util.HashMap<>();
        values.forEach((k, val) -> v.put(k.toLowerCase(Locale.ROOT).replace("_source_", "_master_")
                .replace("_replica_", "_slave_").replace("_source", "_master").replace("_replica", "_slave"), val));
        if (!v.containsKey("rpl_semi_sync_master_enabled") && !v.containsKey("rpl_semi_sync_slave_enabled")) {
            return NONE;
        }
        return new SemiSync(true, on(v.get("rpl_semi_sync_master_enabled")), on(v.get("rpl_semi_sync_slave_enabled")),
                v.get("rpl_semi_sync_master_wait_point") == null ? null
                        : v.get("rpl_semi_sync_master_wait_point").toUpperCase(Locale.ROOT),
                on(v.get("rpl_semi_sync_master_wait_no_slave")), number(v.get("rpl_semi_sync_master_timeout")),
                on(v.get("rpl_semi_sync_master_status")), (int) number(v.get("rpl_semi_sync_master_clients")));
    }

    /** Whether the master loses no acknowledged write with its node now: on, AFTER_SYNC, waiting, a replica acknowledging. */
    public boolean lossless() {
        return available && masterEnabled && active && replicas > 0 && "AFTER_SYNC".equals(waitPoint);
    }

    /** How long the master waits for a silent replica, in words ("10 s", "500 ms"). */
    public String timeoutWords() {
        return timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms";
    }

    /** What {@link #assess} found: no problems, the sentence; else each problem with its fix. */
    public record Assessment(boolean ok, String sentence, List<String> problems) {
    }

    /**
     * The pair's semi-sync, from its master's and its replica's (either may be null: not probed or
     * not responding; then nothing is said of it). {@code replicaInSync}: the replica replicates from
     * the master and has all it has (the pair is HEALTHY). The problems are warnings, each naming the
     * node, the setting and the fix.
     */
    public static Assessment assess(String master, SemiSync m, String replica, SemiSync r, boolean replicaInSync) {
        List<String> problems = new ArrayList<>();
        settings(master, m, problems);
        settings(replica, r, problems);
        String who = replica == null ? "the replica" : replica;
        if (m == null || master == null) {
            return new Assessment(problems.isEmpty(), problems.isEmpty() ? "unknown (no master was read)"
                    : "WARNING: acknowledged writes can be lost with the master's node", problems);
        }
        boolean waiting = m.available && m.masterEnabled && m.active && m.replicas > 0;
        String back = null;
        if (m.available && m.masterEnabled && !waiting) {
            if (replicaInSync && m.replicas > 0) {
                // MariaDB turns it on again at the first commit the caught-up replica acknowledges
                back = master + " went on alone earlier (" + who + " did not answer within " + m.timeoutWords()
                        + "); " + who + " is connected and has everything again: " + master + " waits again from"
                        + " its next commit";
            } else {
                problems.add(master + " waits for no replica's receipt now (" + (m.replicas == 0
                        ? "no replica that acknowledges is connected" : "it went on alone after " + who
                        + " did not answer within " + m.timeoutWords()) + "): a commit it acknowledges now is lost"
                        + " with its node if " + who + " lacks it; it waits again once " + who
                        + " is connected and has caught up");
            }
        }
        if (!problems.isEmpty()) {
            return new Assessment(false, "WARNING: acknowledged writes can be lost with the master's node", problems);
        }
        if (back != null) {
            return new Assessment(true, "on: " + back, List.of());
        }
        return new Assessment(true, "on: " + master + " acknowledges a commit only once " + who + " has received it"
                + " (AFTER_SYNC; " + m.replicas + " replica" + (m.replicas == 1 ? "" : "s") + " acknowledging; after "
                + m.timeoutWords() + " without an answer " + master + " goes on alone)", List.of());
    }

    /** What a node's settings lack, added to {@code problems}: each the node, the settings and the fix. */
    private static void settings(String n, SemiSync s, List<String> problems) {
        if (s == null || n == null) {
            return;
        }
        if (!s.available) {
            problems.add(n + " has no semi-synchronous replication (MySQL: its semisync plugins are not loaded):"
                    + " load them and set the settings in " + DOC);
            return;
        }
        List<String> off = new ArrayList<>();
        if (!s.masterEnabled) {
            off.add("rpl_semi_sync_master_enabled=OFF");
        }
        if (!s.replicaEnabled) {
            off.add("rpl_semi_sync_slave_enabled=OFF");
        }
        if (s.waitPoint != null && !"AFTER_SYNC".equals(s.waitPoint)) {
            off.add("rpl_semi_sync_master_wait_point=" + s.waitPoint);
        }
        if (s.masterEnabled && s.waitNoReplica) {
            off.add("rpl_semi_sync_master_wait_no_slave=ON (with no replica connected, as a replica itself,"
                    + " it waits " + s.timeoutWords() + " before going on)");
        }
        if (!off.isEmpty()) {
            problems.add(n + " has " + String.join(", ", off) + ": set " + String.join(", ", MARIADB_LINES)
                    + " in its my.cnf (MySQL 8.0.26+: source for master, replica for slave) and SET GLOBAL the same"
                    + " (a replica's IO thread restarted after), " + DOC);
        }
    }

    private static boolean on(String v) {
        return v != null && (v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("YES"));
    }

    private static long number(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
