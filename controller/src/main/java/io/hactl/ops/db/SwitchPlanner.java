package io.hactl.ops.db;

import io.hactl.db.DbState;
import io.hactl.model.GtidComparison;
import io.hactl.db.GtidMemory;
import io.hactl.ops.db.SwitchPlan.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what {@code db-master-set --node TARGET} does, from what was observed: an
 * ordered chain of rules, the first that matches decides (like the Diagnoser). Pure: no
 * I/O, table-tested. Refusals say why and what to do.
 */
public final class SwitchPlanner {

    /** The command's switches. */
    public record Options(boolean forceSync, boolean force, Duration timeout) {
    }

    private SwitchPlanner() {
    }

    public static SwitchPlan plan(Observation o, Options opt, Instant now) {
        NodeView t = o.target();
        NodeView x = o.other();
        String tn = t.name();
        String xn = x.name();
        List<String> notes = new ArrayList<>();

        if (!t.dbUp()) {
            return SwitchPlan.refuse(tn + "'s database cannot be reached (" + t.dbError() + ")",
                    "bring it up (hactl check shows what is wrong): only a node whose database answers can become the master",
                    notes, null);
        }
        if (!t.shellOk()) {
            return SwitchPlan.refuse("cannot run commands on " + tn + " (" + t.shellError()
                    + "): the DB VIP could not be moved to it", "fix ssh first: hactl ssh test " + tn, notes, null);
        }
        DbState td = t.db();
        if (!td.logBin() || !td.logReplicaUpdates()) {
            return SwitchPlan.refuse(tn + " has " + (!td.logBin() ? "log_bin=OFF" : "log_slave_updates=OFF")
                    + ": its binlog would not hold every transaction, so GTIDs cannot be compared and " + xn
                    + " could not replicate from it", "set log_bin and log_slave_updates=ON in " + tn
                    + "'s my.cnf and restart its MySQL", notes, null);
        }
        if (!x.dbUp()) {
            return standalone(o, opt, now, notes);
        }

        DbState xd = x.db();
        if (td.flavor() != xd.flavor()) {
            return SwitchPlan.refuse(tn + " runs " + td.flavor() + " and " + xn + " runs " + xd.flavor()
                    + ": they cannot replicate with GTID", "run the same server on both nodes", notes, null);
        }
        if (t.isMaster()) {
            return targetIsMaster(o, opt, notes);
        }
        if (!t.holdsDbVip() && !x.holdsDbVip() && x.shellOk() && !td.isReplica() && !opt.forceSync()
                && xd.replicatesFrom(t.node().address(), o.dbVip()) && xd.replicationHealthy()) {
            notes.add(tn + " replicates from nobody and " + xn + " replicates from it (" + xd.replicationWords()
                    + "): " + tn + " is the master already; no node holds DB VIP " + o.dbVip());
            return new SwitchPlan(Kind.ADD_VIP, (td.writable() ? "" : "make " + tn + " writable, ") + "add DB VIP "
                    + o.dbVip() + " to " + tn, notes, null, null, false, null);
        }
        return planned(o, opt, notes);
    }

    // ------------------------------------------------------------------ target already master

    private static SwitchPlan targetIsMaster(Observation o, Options opt, List<String> notes) {
        NodeView t = o.target();
        NodeView x = o.other();
        String tn = t.name();
        String xn = x.name();
        boolean xReplicates = x.db().replicatesFrom(t.node().address(), o.dbVip()) && x.db().replicationHealthy();
        if (xReplicates && !opt.forceSync()) {
            if (t.db().writable()) {
                return new SwitchPlan(Kind.NOTHING_TO_DO, tn + " is already the master (writable, DB VIP " + o.dbVip()
                        + ") and " + xn + " replicates from it", notes, null, null, false, null);
            }
            notes.add(tn + " holds DB VIP " + o.dbVip() + " but is read-only (" + t.db().readOnlyWord()
                    + "=ON: restarted with read_only=ON in its my.cnf?); " + xn + " replicates from it");
            return new SwitchPlan(Kind.MAKE_WRITABLE, "make " + tn + " writable again", notes, null, null, false, null);
        }
        if (opt.forceSync()) {
            notes.add("--force-sync: " + xn + " is taken to have the same data as " + tn + " (copied by the operator);"
                    + " it replicates from " + tn + "'s current position, without a sync check");
            return new SwitchPlan(Kind.REJOIN, "keep " + tn + " as the master, make " + xn + " its replica from "
                    + tn + "'s current position", notes, null, null, true, null);
        }
        GtidComparison.Result cmp = GtidComparison.compare(xn, x.db().gtid(), tn, t.db().gtid());
        notes.add(tn + " is already the master; " + xn + " is " + describeRole(x, o.dbVip()) + ". " + cmp.sentence());
        if (x.db().isReplica() && x.db().replica().lastSqlErrno() != 0) {
            return SwitchPlan.refuse(xn + "'s replication stopped on an error (SQL error " + x.db().replica().lastSqlErrno()
                    + " " + x.db().replica().lastSqlError() + "): its data may differ from " + tn + "'s",
                    copyFix(tn, xn), notes, cmp);
        }
        if (cmp.kind() == GtidComparison.Kind.EQUAL || cmp.kind() == GtidComparison.Kind.BEHIND) {
            return new SwitchPlan(Kind.REJOIN, "keep " + tn + " as the master, make " + xn
                    + " its replica again from " + xn + "'s own GTID position (" + xn + " has no transaction " + tn
                    + " lacks; replication brings it up to date)", notes, null, null, false, cmp);
        }
        return SwitchPlan.refuse("the databases are not synchronized: " + xn + " has transactions " + tn
                + " lacks (Master failure II). " + cmp.sentence(), copyFix(tn, xn), notes, cmp);
    }

    // ------------------------------------------------------------------ planned switch

    private static SwitchPlan planned(Observation o, Options opt, List<String> notes) {
        NodeView t = o.target();
        NodeView x = o.other();
        String tn = t.name();
        String xn = x.name();
        if (!x.shellOk()) {
            return SwitchPlan.refuse("cannot run commands on " + xn + " (" + x.shellError()
                    + "): the DB VIP could not be removed from it", "fix ssh first: hactl ssh test " + xn, notes, null);
        }
        if (opt.forceSync()) {
            notes.add("--force-sync: " + xn + " is taken to have the same data as " + tn + " (copied by the operator):"
                    + " no sync check; " + xn + " replicates from " + tn + "'s position at the switch");
            return new SwitchPlan(Kind.SWITCH, "make " + tn + " the master, " + xn + " its replica (--force-sync)", notes,
                    null, null, true, null);
        }
        GtidComparison.Result cmp = GtidComparison.compare(tn, t.db().gtid(), xn, x.db().gtid());
        if (x.db().isReplica()) {
            return SwitchPlan.refuse(xn + " is not the master: it replicates from " + x.db().replica().masterHost()
                    + " (" + x.db().replicationWords() + ")", "look at the pair first: hactl check", notes, cmp);
        }
        if (!t.db().isReplica()) {
            notes.add(cmp.sentence());
            String fix = cmp.kind() == GtidComparison.Kind.BEHIND || cmp.kind() == GtidComparison.Kind.EQUAL
                    ? "make " + tn + " a replica of " + xn + " again first: hactl db-master-set --node " + xn
                      + " (it re-attaches " + tn + " from its own position), then switch"
                    : copyFix(xn, tn);
            return SwitchPlan.refuse(tn + " is not a replica (no replication configured): nothing shows it has "
                    + xn + "'s data (Master failure II)", fix, notes, cmp);
        }
        if (!t.db().replicatesFrom(x.node().address(), o.dbVip())) {
            return SwitchPlan.refuse(tn + " replicates from " + t.db().replica().masterHost() + ", not from " + xn
                    + " (" + x.node().address() + ")", "look at the pair first: hactl check", notes, cmp);
        }
        switch (cmp.kind()) {
            case AHEAD, DIVERGED -> {
                return SwitchPlan.refuse("the databases are not synchronized: " + tn + " has transactions " + xn
                        + " lacks (written on " + tn + " itself, outside replication). " + cmp.sentence(),
                        copyFix(xn, tn), notes, cmp);
            }
            case BEHIND -> {
                if (!t.db().replicationHealthy() || !t.db().replica().ioRunning()) {
                    return SwitchPlan.refuse(cmp.sentence() + ", and its replication cannot catch up ("
                            + t.db().replicationWords() + ")", "start or repair replication on " + tn
                            + " (START SLAVE; read the error), wait until hactl check says in sync, then retry", notes, cmp);
                }
                Long lag = t.db().replica().secondsBehind();
                if (lag != null && lag > opt.timeout().toSeconds()) {
                    return SwitchPlan.refuse(tn + " is " + lag + " s behind " + xn + ": it would not catch up within --timeout "
                            + opt.timeout().toSeconds() + "s", "wait until hactl check shows it in sync, or raise --timeout",
                            notes, cmp);
                }
                notes.add(cmp.sentence() + "; it is replicating and should catch up once " + xn + " is read-only");
            }
            case EQUAL -> notes.add(cmp.sentence());
        }
        return new SwitchPlan(Kind.SWITCH, "make " + tn + " the master, " + xn + " its replica", notes, null, null,
                false, cmp);
    }

    // ------------------------------------------------------------------ other unreachable

    private static SwitchPlan standalone(Observation o, Options opt, Instant now, List<String> notes) {
        NodeView t = o.target();
        NodeView x = o.other();
        String tn = t.name();
        String xn = x.name();
        if (opt.forceSync()) {
            return SwitchPlan.refuse("--force-sync needs both databases; " + xn + "'s cannot be reached ("
                    + x.dbError() + ")", "bring " + xn + "'s database up, or run without --force-sync to promote " + tn
                    + " stand-alone", notes, null);
        }
        if (t.isMaster() && t.db().writable()) {
            return new SwitchPlan(Kind.NOTHING_TO_DO, tn + " is already the master (writable, DB VIP " + o.dbVip()
                    + "); " + xn + "'s database cannot be reached (" + x.dbError() + "): STANDALONE, no replica",
                    notes, null, null, false, null);
        }
        notes.add(xn + "'s database cannot be reached (" + x.dbError() + ")"
                + (x.shellOk() ? "; its node answers ssh" : "; its node does not answer ssh either"));
        GtidComparison.Result cmp = null;
        GtidMemory.Seen seen = o.otherSeen();
        if (seen == null) {
            String reason = "hactl has no record of " + xn + "'s GTID position (no hactl check or db command saw it):"
                    + " it cannot tell whether " + tn + " has every transaction " + xn + " committed";
            if (!opt.force()) {
                return SwitchPlan.refuse(reason, "bring " + xn + " back and run db-master-set normally; or, accepting that "
                        + tn + " may lack " + xn + "'s last transactions: add --force", notes, null);
            }
            notes.add("--force: " + reason);
        } else {
            String when = xn + " last seen " + ago(seen.at(), now) + " by " + seen.by();
            cmp = GtidComparison.compare(tn, t.db().gtid(), xn, seen.view());
            if (!cmp.aHasAllOfB()) {
                String reason = tn + " lacks transactions " + xn + " had when last seen (" + when + "): " + cmp.sentence();
                if (x.shellOk()) {
                    notes.add(reason + ". " + xn + "'s host answers ssh: they are read from its binary log and applied to "
                            + tn + " before it becomes writable; if they cannot be, the command stops before any change"
                            + " to " + xn + (opt.force() ? " (--force: it goes on without them)" : ""));
                } else if (!opt.force()) {
                    return SwitchPlan.refuse(reason, "bring " + xn + " back (those transactions are there) and run"
                            + " db-master-set normally; promoting " + tn + " now loses them. To accept that: --force",
                            notes, cmp);
                } else {
                    notes.add("--force: " + reason);
                }
            } else {
                notes.add(tn + " has every transaction " + xn + " had when last seen (" + when + "): " + cmp.sentence());
            }
        }
        if (t.db().isReplica() && t.db().replica().ioRunning()) {
            String reason = tn + "'s replication IO thread is still connected to " + t.db().replica().masterHost()
                    + " (Slave_IO_Running: Yes): " + xn + "'s database looks alive, only unreachable from here";
            if (!opt.force()) {
                return SwitchPlan.refuse(reason, "if " + xn + " just failed, wait a few seconds (slave_net_timeout) and"
                        + " retry; else check the network between here and " + xn + ". --force promotes " + tn
                        + " anyway (two masters if " + xn + " is alive)", notes, cmp);
            }
            notes.add("--force: " + reason);
        }
        // the checks every promotion makes before its first change (SQL thread, DB VIP, the old binlog)
        PromotionCheck.Decision d = PromotionCheck.decide(o, "this command", opt.force());
        if (d.refused()) {
            return SwitchPlan.refuse(d.refusal(), d.fix(), notes, cmp);
        }
        notes.addAll(d.notes());
        return new SwitchPlan(Kind.STANDALONE, "make " + tn + " the master STANDALONE (no replica)", notes, null, null,
                false, cmp);
    }

    // ------------------------------------------------------------------ words

    private static String copyFix(String keep, String copyTo) {
        return "stop the application, copy " + keep + "'s data to " + copyTo + " (db-copy, or a dump and restore), then run"
                + " hactl db-master-set --node " + keep + " --force-sync (it makes " + copyTo + " a replica of " + keep
                + " again); or, with clients writing on, rebuild it: hactl db-replica-init --node " + copyTo + " (a"
                + " physical copy with mariadb-backup where both nodes have it)";
    }

    private static String describeRole(NodeView x, String vip) {
        DbState d = x.db();
        if (!d.isReplica()) {
            return (d.writable() ? "writable" : "read-only") + " and not replicating";
        }
        return "replicating " + d.replicationWords();
    }

    static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        String rel = s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
        return "at " + then.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", " + rel;
    }
}
