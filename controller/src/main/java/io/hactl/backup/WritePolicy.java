package io.hactl.backup;

/**
 * Whether a restore or a copy may write into a server, and with the binary log on or off
 * for its session. A pure function, unit-tested.
 *
 * <p>The rule: a replica, or a node of the pair that is not its master, must not get
 * transactions of its own (errant GTIDs break replication later, lab-notes): it is written
 * with {@code sql_log_bin=0}. The pair's master is written with the binary log on, so its
 * replica gets the data too. When hactl cannot tell, it refuses and asks.
 */
public final class WritePolicy {

    /** The operator's --binlog choice. */
    public enum Binlog { AUTO, ON, OFF }

    /** Where the destination sits, from the config and a probe of the pair. */
    public enum Role {
        /** The pair's master (holds the DB VIP). */
        MASTER,
        /** A node of the pair that is not its master. */
        OTHER_NODE,
        /** A node of the pair, but the probe could not tell which node is the master. */
        UNKNOWN_MASTER,
        /** Not a node of the pair (or no config). */
        OUTSIDE
    }

    /** Where the destination is, in words: "n1 (198.51.100.11)", and the probe's sentence when it matters. */
    public record Place(Role role, String node, String master, String diagnosis) {
        public static Place outside() {
            return new Place(Role.OUTSIDE, null, null, null);
        }
    }

    /**
     * @param refused   non-null: refuse with this reason and {@code fix}
     * @param binlogOff write with sql_log_bin=0
     * @param why       the sentence printed about the choice
     */
    public record Decision(String refused, String fix, boolean binlogOff, String why) {
        static Decision refuse(String reason, String fix) {
            return new Decision(reason, fix, false, null);
        }

        static Decision write(boolean binlogOff, String why) {
            return new Decision(null, null, binlogOff, why);
        }

        public boolean refuse() {
            return refused != null;
        }
    }

    static final String OFF_WHY = "written with the binary log off for this session (sql_log_bin=0): it gets no"
            + " transaction (GTID) of its own";

    private WritePolicy() {
    }

    /** db-copy: never refuses a replica, writes into it with the binary log off. */
    public static Decision forCopy(Binlog mode, ServerFacts dest, Place place, String what) {
        return decide(mode, dest, place, what, false, true);
    }

    /** db-restore: refuses a replica or a non-master node of the pair ("run it on the master only") unless forced. */
    public static Decision forRestore(Binlog mode, ServerFacts dest, Place place, String what, boolean force) {
        return decide(mode, dest, place, what, true, force);
    }

    private static Decision decide(Binlog mode, ServerFacts dest, Place place, String what, boolean masterOnly,
                                   boolean force) {
        boolean replica = dest.readOnly() || dest.replicaConfigured();
        String name = place.node() != null ? place.node() + " (" + what + ")" : what;
        String notMaster = null;
        if (replica) {
            notMaster = name + " is a replica (" + dest.role() + ")";
        } else if (place.role() == Role.OTHER_NODE) {
            notMaster = name + " is a node of the pair but not its master (" + place.master() + " is)";
        }
        if (notMaster != null) {
            if (masterOnly && !force) {
                return Decision.refuse(notMaster + ": run it on the master only (writing a replica makes it differ"
                        + " from its master)", "restore into the master" + (place.master() != null ? " ("
                        + place.master() + ")" : "") + "; or, if you mean to overwrite this node (e.g. to rebuild it"
                        + " before db-master-set --force-sync), add --force: it is then " + OFF_WHY);
            }
            if (mode == Binlog.ON) {
                return Decision.refuse(notMaster + ": with --binlog on it would get transactions (GTIDs) of its own,"
                        + " and replication breaks on them later (errant GTIDs)",
                        "leave out --binlog on: it is then " + OFF_WHY);
            }
            if (!dest.binlogOn()) {
                return Decision.write(false, notMaster + "; its binary log is off, so it gets no GTID of its own");
            }
            return Decision.write(true, notMaster + ": " + OFF_WHY);
        }
        if (place.role() == Role.UNKNOWN_MASTER && mode == Binlog.AUTO) {
            return Decision.refuse(name + " is a node of the pair, but which node is the master is not clear ("
                    + place.diagnosis() + "): with the binary log on a node that is not the master gets errant GTIDs;"
                    + " with it off the master's replica misses the data",
                    "fix the pair first (hactl check), or say it: --binlog on if " + name + " is the master,"
                    + " --binlog off if it is not");
        }
        if (mode == Binlog.OFF) {
            return Decision.write(dest.binlogOn(), name + ": --binlog off: " + OFF_WHY
                    + (place.role() == Role.MASTER ? "; WARNING: it is the pair's master, its replica will not get"
                    + " this data" : ""));
        }
        if (place.role() == Role.MASTER) {
            return Decision.write(false, name + " is the pair's master: written with the binary log on, so its"
                    + " replica gets the data too");
        }
        return Decision.write(false, name + " (" + dest.role() + "): written with the binary log as the server has it ("
                + (dest.binlogOn() ? "on" : "off") + ")");
    }
}
