package io.hactl.db;

import java.util.Locale;
import java.util.Set;

/** One row of the process list: a connection to the server. */
public record ClientSession(long id, String user, String host, String db, String command, long timeSeconds,
                            String state) {

    /** Commands of replication and server threads: never killed (a replica would have to reconnect). */
    static final Set<String> SERVER_COMMANDS = Set.of("binlog dump", "binlog dump gtid", "daemon", "slave_io",
            "slave_sql", "slave_worker", "register slave", "killed");

    static final Set<String> SERVER_USERS = Set.of("system user", "event_scheduler");

    /**
     * A client connection that could still write: not a replication or server thread
     * (user "system user", "event_scheduler"; commands Binlog Dump, Daemon...), and not our own.
     */
    public boolean isClient(long ownId) {
        if (id == ownId) {
            return false;
        }
        String u = user == null ? "" : user.toLowerCase(Locale.ROOT);
        String c = command == null ? "" : command.toLowerCase(Locale.ROOT);
        return !SERVER_USERS.contains(u) && !SERVER_COMMANDS.contains(c);
    }

    @Override
    public String toString() {
        return id + " " + user + "@" + host + (db == null || db.isEmpty() ? "" : "/" + db) + " (" + command + ")";
    }
}
