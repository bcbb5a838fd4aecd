package io.hactl.config;

/** Makes the {@code database} section's config, with its {@code replication} subsection. */
final class DatabaseBinder {

    private DatabaseBinder() {
    }

    /** The database config, or null when the section is missing (reported). */
    static DatabaseConfig read(Problems c, HactlYaml.Database db) {
        if (db == null) {
            return null;
        }
        Secret password = SecretBinder.read(c, "database", db.passwordFile(), db.passwordEnv(), db.password(),
                "the database user's", ConfigBinder.DB_PASSWORD_FILE);
        HactlYaml.Replication replication = db.replication();
        String replicationUser = null;
        Secret replicationPassword = null;
        if (replication != null) {
            replicationUser = replication.user();
            replicationPassword = SecretBinder.read(c, "database.replication", replication.passwordFile(),
                    replication.passwordEnv(), replication.password(), "the replication user's",
                    ConfigBinder.REPLICATION_PASSWORD_FILE);
        }
        Integer port = c.or("database.port", db.port(), Defaults.DATABASE_PORT);
        // a wrong port has been reported as an error (the config is rejected); keep binding the rest
        return new DatabaseConfig(port == null ? Defaults.DATABASE_PORT : port, c.valid("database.name", db.name()),
                db.user(), password, replicationUser, replicationPassword,
                c.or("database.connect_timeout", db.connectTimeout(), Defaults.DATABASE_CONNECT_TIMEOUT),
                c.or("database.read_timeout", db.readTimeout(), Defaults.DATABASE_READ_TIMEOUT),
                c.valid("database.error_log", db.errorLog()), server(db.server()), copy(c, db.copy()));
    }

    /** database.copy; its defaults (direct auto, port 4444) where absent or wrong (reported). */
    private static DatabaseCopyConfig copy(Problems c, HactlYaml.Copy copy) {
        if (copy == null) {
            return DatabaseCopyConfig.defaults();
        }
        String direct = c.valid("database.copy.direct", copy.direct());
        Integer port = c.or("database.copy.port", copy.port(), DatabaseCopyConfig.DEFAULT_PORT);
        return new DatabaseCopyConfig(direct == null || direct.equals("auto"),
                port == null ? DatabaseCopyConfig.DEFAULT_PORT : port);
    }

    /** database.server, or null when absent; defaults: Debian's option file, a margin of 1 GB. */
    private static DatabaseServerConfig server(HactlYaml.Server s) {
        if (s == null) {
            return null;
        }
        return new DatabaseServerConfig(s.defaultsFile() == null ? DatabaseServerConfig.DEFAULT_DEFAULTS_FILE
                : s.defaultsFile(), s.start(), s.stop(), s.freeMarginMb() == null ? 1024L * 1024 * 1024
                : s.freeMarginMb() * 1024L * 1024);
    }
}
