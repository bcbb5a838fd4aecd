package io.hactl.ops.db;

import io.hactl.model.DbProbe.Flavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server settings a pair needs before a node can be made a replica of the master (and
 * later take over from it): same flavor and version family, the binary log on both, replicated
 * transactions logged on both (log_slave_updates), distinct non-zero server_id, GTIDs usable.
 * Pure: from both servers' global variables to the problems, each with the my.cnf line that
 * fixes it. Table-tested.
 */
public final class ReplicaSettings {

    /** The global variables read on each server (SHOW GLOBAL VARIABLES WHERE Variable_name IN ...). */
    public static final List<String> VARIABLES = List.of("version", "server_id", "log_bin", "log_slave_updates",
            "log_replica_updates", "gtid_strict_mode", "gtid_mode", "enforce_gtid_consistency",
            "rpl_semi_sync_master_enabled", "rpl_semi_sync_slave_enabled", "rpl_semi_sync_master_wait_point",
            "rpl_semi_sync_master_wait_no_slave");

    /** One server: its name, flavor and global variables (lower-case names). */
    public record Server(String name, Flavor flavor, Map<String, String> vars) {

        String get(String v) {
            return vars.get(v);
        }

        boolean on(String v) {
            String s = vars.get(v);
            return s != null && (s.equals("1") || s.equalsIgnoreCase("ON"));
        }

        long serverId() {
            try {
                return Long.parseLong(vars.getOrDefault("server_id", "0").strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** "10.11" of "10.11.6-MariaDB-log", "8.0" of "8.0.36". */
        String family() {
            String v = vars.getOrDefault("version", "");
            String[] p = v.split("[.-]");
            return p.length >= 2 ? p[0] + "." + p[1] : v;
        }

        /** MySQL 8.0.26+ names it log_replica_updates; older MySQL and MariaDB log_slave_updates. */
        String replicaUpdatesName() {
            return flavor == Flavor.MYSQL && vars.containsKey("log_replica_updates") ? "log_replica_updates"
                    : "log_slave_updates";
        }

        String word() {
            return (flavor == Flavor.MYSQL ? "MySQL " : "MariaDB ") + vars.getOrDefault("version", "?");
        }
    }

    /**
     * One problem: {@code blocking} false is advice (a note), true refuses the init.
     *
     * @param node the server whose setting is wrong
     * @param text what is wrong, with the fix ("n2: server_id is 1, the same as n1's: add ...")
     */
    public record Problem(String node, boolean blocking, String text) {
    }

    private ReplicaSettings() {
    }

    /** Everything wrong with making {@code replica} a replica of {@code master}; empty when all is right. */
    public static List<Problem> problems(Server replica, Server master) {
        List<Problem> out = new ArrayList<>();
        if (replica.flavor() != master.flavor()) {
            out.add(new Problem(replica.name(), true, replica.name() + " runs " + replica.word() + " and " + master.name()
                    + " " + master.word() + ": a copy of one is no replica of the other; install "
                    + master.word() + " on " + replica.name()));
            return out;
        }
        if (!replica.family().equals(master.family())) {
            out.add(new Problem(replica.name(), true, replica.name() + " runs " + replica.word() + " and " + master.name()
                    + " " + master.word() + ": not the same version family (" + replica.family() + " vs "
                    + master.family() + "); install " + master.family() + ".x on " + replica.name()
                    + " (or upgrade both to one family)"));
        }
        for (Server s : List.of(master, replica)) {
            if (!s.on("log_bin")) {
                out.add(line(s, true, "log_bin is OFF" + (s == master ? ": without a binary log it has no GTID to"
                        + " replicate from" : ": it could not be the master after a switchover"), "log_bin = binlog"));
            }
            String upd = s.replicaUpdatesName();
            if (!s.on(upd)) {
                out.add(line(s, true, upd + " is OFF: replicated transactions would not reach its binary log, and"
                        + " after a switchover the other node would miss them", upd + " = ON"));
            }
        }
        long mid = master.serverId();
        long rid = replica.serverId();
        if (mid == 0) {
            out.add(line(master, true, "server_id is 0: a server without an id cannot replicate",
                    "server_id = " + (rid == 1 ? 2 : 1)));
        }
        if (rid == 0) {
            out.add(line(replica, true, "server_id is 0: a server without an id cannot replicate",
                    "server_id = " + (mid == 0 ? 2 : mid + 1)));
        } else if (rid == mid) {
            out.add(line(replica, true, "server_id is " + rid + ", the same as " + master.name() + "'s",
                    "server_id = " + (mid + 1)));
        }
        if (master.flavor() == Flavor.MYSQL) {
            for (Server s : List.of(master, replica)) {
                if (!"ON".equalsIgnoreCase(s.get("gtid_mode") == null ? "" : s.get("gtid_mode").strip())) {
                    out.add(line(s, true, "gtid_mode is " + shown(s.get("gtid_mode")) + ": replication by GTID"
                            + " auto-position needs ON", "gtid_mode = ON"));
                }
                if (!s.on("enforce_gtid_consistency")) {
                    out.add(line(s, true, "enforce_gtid_consistency is " + shown(s.get("enforce_gtid_consistency"))
                            + ": gtid_mode=ON needs it", "enforce_gtid_consistency = ON"));
                }
            }
        } else {
            for (Server s : List.of(master, replica)) {
                if (!s.on("gtid_strict_mode")) {
                    out.add(line(s, false, "gtid_strict_mode is OFF (advisable ON: a transaction out of order stops"
                            + " replication instead of passing silently)", "gtid_strict_mode = ON"));
                }
                // semi-sync, the same on both whatever their role (docs/runbook-db.md): advice, as hactl check warns
                for (String[] v : new String[][] {{"rpl_semi_sync_master_enabled", "ON"},
                        {"rpl_semi_sync_slave_enabled", "ON"}, {"rpl_semi_sync_master_wait_point", "AFTER_SYNC"},
                        {"rpl_semi_sync_master_wait_no_slave", "OFF"}}) {
                    String has = s.get(v[0]);
                    boolean right = "ON".equals(v[1]) ? s.on(v[0]) : "OFF".equals(v[1])
                            ? has != null && (has.strip().equals("0") || has.strip().equalsIgnoreCase("OFF"))
                            : v[1].equalsIgnoreCase(has == null ? "" : has.strip());
                    if (!right) {
                        out.add(line(s, false, v[0] + " is " + shown(has) + " (advisable " + v[1] + ": without"
                                + " semi-synchronous replication a lost master node loses the acknowledged writes the"
                                + " replica had not received; docs/runbook-db.md#semi-synchronous-replication)",
                                v[0] + " = " + v[1]));
                    }
                }
            }
        }
        return out;
    }

    private static Problem line(Server s, boolean blocking, String what, String setting) {
        return new Problem(s.name(), blocking, s.name() + ": " + what + ": add `" + setting + "` under [mysqld] in "
                + s.name() + "'s my.cnf and restart it");
    }

    private static String shown(String v) {
        return v == null ? "not set" : v.toUpperCase(Locale.ROOT);
    }
}
