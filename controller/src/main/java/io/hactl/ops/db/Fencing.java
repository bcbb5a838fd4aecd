package io.hactl.ops.db;

import java.util.Locale;

/**
 * What was really done to an old master that must not take writes, with the proof behind each
 * part (issue 13, defect 6: a failover with the old master unreachable said "n1 fenced", status
 * showed "n1 FENCED", and n1 came back holding the DB VIP, writable). A node is fenced only when
 * hactl saw both: the DB VIP gone from it (removed over ssh, or not there) and its database
 * read-only (set and seen) or down (its host answers, MySQL refuses connections). Anything less
 * is said as it is, with the risk, and the controller fences it the moment it answers.
 *
 * @param node   the old master
 * @param vip    what became of the DB VIP there
 * @param db     what became of its database
 * @param detail why a part could not be done (the error), null when all was done
 */
public record Fencing(String node, Vip vip, Db db, String detail) {

    public enum Vip {
        /** Removed over ssh. */
        DETACHED,
        /** Its shell answered: the VIP was not there. */
        NOT_HELD,
        /**
         * Its removal after the commit point failed (issue 20, the handover without a silent gap): it still
         * holds the VIP, new connections there answered with a reset; a split brain until it is detached.
         */
        HELD,
        /** Commands could not run there: it may still hold the VIP. */
        UNREACHABLE
    }

    public enum Db {
        /** read_only set (and every write blocked until the VIP left it). */
        READ_ONLY,
        /** Its host answers, MySQL refuses connections: not running. */
        DOWN,
        /** No answer (hung, or the node cut off): it may take writes when it wakes. */
        UNANSWERED
    }

    /** Both parts proven: no DB VIP, and read-only or not running. */
    public boolean fenced() {
        return (vip == Vip.DETACHED || vip == Vip.NOT_HELD) && (db == Db.READ_ONLY || db == Db.DOWN);
    }

    /** Why commands could not run on the node ({@link Vip#UNREACHABLE}); null when they could. */
    public String unreachable() {
        if (vip != Vip.UNREACHABLE) {
            return null;
        }
        return detail == null ? "its shell did not answer" : detail;
    }

    /** The sentence for the operation's result, the log and the alert. */
    public String words() {
        if (fenced()) {
            return node + " fenced (" + (vip == Vip.DETACHED ? "DB VIP detached" : "no DB VIP") + ", "
                    + (db == Db.READ_ONLY ? "read-only" : "its database is down") + ")";
        }
        if (vip == Vip.HELD) {
            return node + " unfenced: it still holds the DB VIP, its removal failed" + (detail == null ? "" : " ("
                    + detail + ")") + "; new connections there are answered with a reset; it is detached the moment"
                    + " the controller can";
        }
        if (vip == Vip.UNREACHABLE) {
            return node + " unfenced, unreachable" + (detail == null ? "" : " (" + detail + ")") + ": it may still hold"
                    + " the DB VIP and be writable; it will be fenced the moment it answers";
        }
        return node + " partly fenced: DB VIP " + vip.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", but its"
                + " database does not answer" + (detail == null ? "" : " (" + detail + ")") + ": it may take writes"
                + " again when it wakes (not through the DB VIP); it is made read-only the moment it answers";
    }

    /** How the database of a node whose connection failed with {@code error} is taken: down or not answering. */
    static Db dbFrom(boolean shellOk, String error) {
        if (shellOk && error != null && error.toLowerCase(Locale.ROOT).contains("connection refused")) {
            return Db.DOWN;
        }
        return Db.UNANSWERED;
    }
}
