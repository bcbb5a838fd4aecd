package io.hactl.backup;

/**
 * Where a dump is read from or loaded into, as the seed's scripts took it: host (none:
 * the local server through its socket), user (none: the operating-system user, i.e.
 * socket authentication), password (none: no password), database. {@link #toString()}
 * never shows the password.
 *
 * @param port   null for the client's default
 * @param socket null for the client's default
 */
public record DbEndpoint(String host, Integer port, String socket, String user, String password, String database) {

    public DbEndpoint withDatabase(String db) {
        return new DbEndpoint(host, port, socket, user, password, db);
    }

    /** "hactl@198.51.100.11:3306", "root@localhost (socket /run/mysqld/mysqld.sock)"; never the password. */
    public String server() {
        String who = user != null ? user : System.getProperty("user.name") + " (OS user)";
        String where = host != null ? host + (port != null ? ":" + port : "") : "localhost";
        return who + "@" + where + (socket != null ? " (socket " + socket + ")" : "");
    }

    /** The server and the database: "hactl@198.51.100.11:3306/hactl_demo". */
    public String describe() {
        return server() + (database != null ? "/" + database : "");
    }

    @Override
    public String toString() {
        return describe() + (password != null ? " (password hidden)" : "");
    }
}
