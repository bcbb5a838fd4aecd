package io.hactl.ops.db;

import io.hactl.db.DbState;
import io.hactl.model.ReplicaStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check of a {@link Promotion} that can refuse, decided from an {@link Observation}
 * alone, before the first change (issue 13, defect 4: a failover with the new master's SQL thread
 * stopped removed the DB VIP from the old master first, failed 10 s later, and left no node with
 * the VIP). Pure: no I/O, table-tested. Used by the failover an operator acknowledges and by
 * {@code db-master-set} when the old master's database cannot be reached.
 *
 * <ul>
 *   <li>the new master answers, commands run on it (the DB VIP is added there);
 *   <li>its relay log can be applied: its SQL thread runs, or is stopped without an error and the
 *       operator's acknowledgement (or command) covers starting it (said in the plan); stopped on
 *       an error: refused;
 *   <li>the DB VIP can be handled: removed from the old master over ssh, or nobody answers ARP for
 *       it (else adding it would be an IP conflict);
 *   <li>what is done with the old master's writes: its database answers: every write blocked
 *       ({@link WriteBlock}); down but its host answers ssh: its binary log is read and what the new
 *       master lacks applied before it becomes writable ({@link BinlogSalvage}); unreachable: it
 *       cannot be fenced now, which the result says.
 * </ul>
 */
final class PromotionCheck {

    /**
     * @param refusal         null when the promotion may go on; else why not ({@code fix}: what to do)
     * @param notes           what the plan says before the first step
     * @param startSqlThread  the new master's SQL thread is stopped (no error): started to apply its relay log
     * @param salvage         the old master's database is down and its host answers: its binlog is read
     * @param blockOldWrites  the old master's database answers: every write on it is blocked first
     */
    record Decision(String refusal, String fix, List<String> notes, boolean startSqlThread, boolean salvage,
                    boolean blockOldWrites) {

        boolean refused() {
            return refusal != null;
        }

        static Decision refuse(String reason, String fix, List<String> notes) {
            return new Decision(reason, fix, List.copyOf(notes), false, false, false);
        }
    }

    private PromotionCheck() {
    }

    /**
     * @param coveredBy what authorises the steps the plan announces ("the acknowledgement", "this command")
     * @param force     --force of db-master-set: an IP conflict is taken (said loudly) instead of refused
     */
    static Decision decide(Observation o, String coveredBy, boolean force) {
        NodeView t = o.target();
        NodeView x = o.other();
        String tn = t.name();
        String xn = x.name();
        List<String> notes = new ArrayList<>();
        if (!t.dbUp()) {
            return Decision.refuse(tn + "'s database does not answer (" + t.dbError() + ")",
                    "bring it up (hactl check shows what is wrong): only a node whose database answers can become"
                    + " the master", notes);
        }
        if (!t.shellOk()) {
            return Decision.refuse("cannot run commands on " + tn + " (" + t.shellError() + "): the DB VIP could not be"
                    + " added there", "fix ssh first: hactl ssh test " + tn, notes);
        }
        DbState td = t.db();
        boolean startSql = false;
        if (td.isReplica()) {
            ReplicaStatus r = td.replica();
            if (r.lastSqlErrno() != 0) {
                return Decision.refuse(tn + "'s SQL thread stopped on error " + r.lastSqlErrno() + " (" + r.lastSqlError()
                        + "): its relay log cannot be applied, and what it holds of " + xn + "'s transactions would be"
                        + " lost", "repair replication on " + tn + " (SHOW SLAVE STATUS; the error names the row), or"
                        + " bring " + xn + " back; then try again", notes);
            }
            if (!r.sqlRunning()) {
                startSql = true;
                notes.add(tn + "'s SQL thread is stopped (no error): it is started to apply the relay log (received up"
                        + " to " + shownPosition(r.gtidIoPos()) + ") before " + tn + " is promoted; " + coveredBy
                        + " covers it");
            }
        }
        boolean block = x.dbUp();
        boolean salvage = false;
        if (x.dbUp()) {
            if (!x.shellOk()) {
                return Decision.refuse(xn + "'s database answers but commands cannot run on it (" + x.shellError()
                        + "): the DB VIP could not be removed from it", "fix ssh first (hactl ssh test " + xn + "), or"
                        + " switch with hactl db-master-set --node " + tn + " while " + xn + " is up", notes);
            }
            notes.add(xn + "'s database answers: every write on it is blocked (read-only, FLUSH TABLES WITH READ LOCK,"
                    + " client sessions ended) before " + tn + " is promoted, until the DB VIP has left it");
        } else if (x.shellOk()) {
            salvage = true;
            notes.add(xn + "'s database is down but its host answers ssh: " + tn + " reads " + xn + "'s binary log from"
                    + " its own position and applies what it lacks before it becomes writable (as MHA's"
                    + " save_binary_logs). The alternative that needs no failover: restart MySQL in place on " + xn
                    + " (systemctl start mariadb, or how its init starts it)");
        } else {
            notes.add(xn + " does not answer ssh either: its binary log cannot be read, and it cannot be fenced now;"
                    + " it is fenced the moment it answers");
        }
        String vipRefusal = vip(o, force, notes);
        if (vipRefusal != null) {
            return Decision.refuse(vipRefusal, force ? null : vipFix(o), notes);
        }
        return new Decision(null, null, List.copyOf(notes), startSql, salvage, block);
    }

    /** Null when the DB VIP can be handled; else why not. Notes what was seen. */
    private static String vip(Observation o, boolean force, List<String> notes) {
        NodeView t = o.target();
        NodeView x = o.other();
        if (o.otherMac() != null && o.arpFromTarget() != null && o.arpFromTarget().contains(o.otherMac())) {
            notes.add(x.name() + " (" + o.otherMac() + ") still answers ARP for " + o.dbVip()
                    + ": its node is up, its database is not; the VIP leaves it once " + t.name() + " holds it (new connections"
                    + " there answered with a reset meanwhile; first, where no reset rule can be set)");
        }
        if (!o.foreignArp().isEmpty()) {
            String reason = "DB VIP " + o.dbVip() + " is answered by " + String.join(", ", o.foreignArp())
                    + " (asked from " + t.name() + "): another host holds it";
            if (!force) {
                return reason;
            }
            notes.add("--force: " + reason + " — IP CONFLICT");
        } else if (o.arpError() != null) {
            if (!x.shellOk() && !force) {
                return "cannot remove DB VIP " + o.dbVip() + " from " + x.name() + " (" + x.shellError() + ") nor ask from "
                        + t.name() + " who answers ARP for it (" + o.arpError() + ")";
            }
            notes.add("could not ask who answers ARP for " + o.dbVip() + ": " + o.arpError());
        }
        return null;
    }

    private static String vipFix(Observation o) {
        NodeView x = o.other();
        String fix = "find that host (hactl check) and detach the VIP there (hactl db-master-unset --node NAME); --force"
                + " takes it anyway: an IP conflict";
        if (x.shellOk()) {
            return fix;
        }
        return "it may be " + x.name() + ", which commands cannot reach to remove it (" + x.shellError() + "): detach"
                + " it there by hand (ip addr del " + o.dbVip() + "/PREFIX dev " + x.node().networkInterface()
                + ") or power " + x.name() + " off, then try again. Else " + fix;
    }

    private static String shownPosition(String p) {
        return p == null || p.isBlank() ? "(nothing)" : p;
    }
}
