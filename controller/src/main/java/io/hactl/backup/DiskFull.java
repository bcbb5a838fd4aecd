package io.hactl.backup;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether the server a load writes into has run out of disk, asked of the server itself.
 * MariaDB does not fail a write to a full disk (MyISAM, Aria, the binary log): the session
 * waits, in the state "Waiting for someone to free space", until space is freed. The load's
 * input then stops moving and, without this, the stall timeout (5 minutes) ends it with
 * "loading stalled" and no reason. InnoDB fails at once instead, with "ERROR 1114 ... The
 * table 't' is full"; that message is given the same explanation.
 */
public final class DiskFull {

    /** Runs one query on a server (the mariadb client in production, a stub in tests). */
    @FunctionalInterface
    public interface Query {
        List<Map<String, String>> rows(DbEndpoint server, String sql);
    }

    /** The sessions that wait for disk space: MariaDB's stage, and MySQL's. */
    static final String WAITING = "SELECT ID AS id, USER AS user, DB AS db, STATE AS state FROM"
            + " information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for someone to free space%'"
            + " OR STATE LIKE 'Waiting for disk space%' ORDER BY ID";
    static final String WHERE = "SELECT @@hostname AS host, @@datadir AS datadir";

    /** A client error that says a file or table could not grow: 1114 table full, 1021 disk full, errno 28 (ENOSPC). */
    private static final Pattern FULL_ERROR = Pattern.compile(
            "ERROR (1114|1021)\\b|Errcode: 28\\b|errno: 28\\b|No space left on device");

    private final Query query;

    public DiskFull(Query query) {
        this.query = query;
    }

    /**
     * The explanation when a session on {@code e}'s server waits for disk space (the loading
     * one first: the one in {@code e.database()}), else null. Null too when the server cannot
     * be asked: this only explains, it never fails a load itself.
     */
    public String check(DbEndpoint e) {
        try {
            DbEndpoint server = e.withDatabase(null);
            List<Map<String, String>> waiting = query.rows(server, WAITING);
            if (waiting.isEmpty()) {
                return null;
            }
            List<Map<String, String>> where = query.rows(server, WHERE);
            Map<String, String> w = where.isEmpty() ? Map.of() : where.get(0);
            return diagnose(e, waiting, w.get("host"), w.get("datadir"));
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /** The pure decision: the waiting sessions (rows of {@link #WAITING}) and where the server keeps its data. */
    static String diagnose(DbEndpoint e, List<Map<String, String>> waiting, String host, String datadir) {
        if (waiting.isEmpty()) {
            return null;
        }
        Map<String, String> s = waiting.stream().filter(r -> e.database() != null && e.database().equals(r.get("db")))
                .findFirst().orElse(waiting.get(0));
        return e.server() + ": the server's disk is full: session " + s.get("id") + " (" + s.get("user")
                + (s.get("db") != null ? ", database " + s.get("db") : "") + ") is '" + s.get("state") + "'"
                + where(host, datadir) + ". The server waits until space is freed, it does not fail: free space there"
                + " (or load into a server with room), then again; that session ends when space is freed (or KILL "
                + s.get("id") + ")";
    }

    /**
     * For a load that failed with the server's error: when the error says a table or the disk is
     * full, where (host, data directory) to free space; else "".
     */
    public String explainError(DbEndpoint e, String error) {
        if (error == null || !FULL_ERROR.matcher(error).find()) {
            return "";
        }
        String host = null;
        String datadir = null;
        try {
            List<Map<String, String>> where = query.rows(e.withDatabase(null), WHERE);
            if (!where.isEmpty()) {
                host = where.get(0).get("host");
                datadir = where.get(0).get("datadir");
            }
        } catch (RuntimeException ex) {
            // the server cannot be asked: the hint without the place
        }
        return " (the server's disk is most likely full" + where(host, datadir) + ": free space there, then again)";
    }

    private static String where(String host, String datadir) {
        if (host == null && datadir == null) {
            return "";
        }
        return " on host " + (host == null ? "?" : host) + (datadir == null ? "" : ", data directory " + datadir);
    }
}
