package io.hactl.config;

import java.util.Set;

/** Reads the {@code database} section, with its {@code replication} subsection. */
final class DatabaseBinder {

    static final Set<String> KEYS = Set.of("port", "name", "user", "password", "password_file", "password_env",
            "replication", "connect_timeout", "read_timeout", "error_log");
    static final Set<String> REPLICATION_KEYS = Set.of("user", "password", "password_file", "password_env");

    static final String DB_PASSWORD_FILE = "/etc/hactl/db.password";
    static final String REPLICATION_PASSWORD_FILE = "/etc/hactl/repl.password";

    private DatabaseBinder() {
    }

    /** The database config, or null when the section is missing (reported). */
    static DatabaseConfig read(YamlMap root) {
        if (!root.has("database")) {
            root.missing("database", "how hactl reaches MySQL/MariaDB: name, user, password_file and"
                    + " replication (user, password_file); see conf/hactl.yml");
            return null;
        }
        YamlMap db = root.map("database", KEYS);
        String name = db.required("name", "the database the application uses, e.g. name: hactl_demo");
        if (name != null && !name.matches("[A-Za-z0-9_$]{1,64}")) {
            db.error("name", "'" + name + "' is not a MySQL database name hactl accepts: use letters, digits, '_'"
                    + " (at most 64)");
            name = null;
        }
        String user = db.required("user", "the MySQL user hactl logs in as to probe and switch the master,"
                + " e.g. user: hactl");
        Secret password = SecretBinder.read(db, "the database user's", DB_PASSWORD_FILE);

        String replicationUser = null;
        Secret replicationPassword = null;
        if (!db.has("replication")) {
            db.missing("replication", "the user the replica connects to the master with: replication:"
                    + " {user: repl, password_file: " + REPLICATION_PASSWORD_FILE + "}");
        } else {
            YamlMap replication = db.map("replication", REPLICATION_KEYS);
            replicationUser = replication.required("user", "the MySQL user the replica connects as, e.g. user: repl");
            replicationPassword = SecretBinder.read(replication, "the replication user's", REPLICATION_PASSWORD_FILE);
        }
        Integer port = db.port("port", Defaults.DATABASE_PORT);
        // a wrong port has been reported as an error (the config is rejected); keep binding the rest
        return new DatabaseConfig(port == null ? Defaults.DATABASE_PORT : port, name, user, password,
                replicationUser, replicationPassword,
                db.duration("connect_timeout", Defaults.DATABASE_CONNECT_TIMEOUT),
                db.duration("read_timeout", Defaults.DATABASE_READ_TIMEOUT),
                db.absolutePath("error_log"));
    }
}
