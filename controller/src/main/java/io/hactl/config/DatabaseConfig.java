package io.hactl.config;

import java.time.Duration;

/**
 * How hactl reaches MySQL/MariaDB on each node (over TCP, on the node's address).
 * {@code errorLog} may contain {@code {node}}, replaced by the node's name. {@code server}
 * (null when not configured) says how to stop and start the server, for the physical rebuild;
 * {@code copy} (never null) how its copy travels between the nodes.
 */
public record DatabaseConfig(int port, String name, String user, Secret password,
                             String replicationUser, Secret replicationPassword,
                             Duration connectTimeout, Duration readTimeout,
                             String errorLog, DatabaseServerConfig server, DatabaseCopyConfig copy) {

    /** With the copy's defaults ({@link DatabaseCopyConfig#defaults()}). */
    public DatabaseConfig(int port, String name, String user, Secret password, String replicationUser,
                          Secret replicationPassword, Duration connectTimeout, Duration readTimeout, String errorLog,
                          DatabaseServerConfig server) {
        this(port, name, user, password, replicationUser, replicationPassword, connectTimeout, readTimeout, errorLog,
                server, DatabaseCopyConfig.defaults());
    }

    /** Without a {@code database.server} section. */
    public DatabaseConfig(int port, String name, String user, Secret password, String replicationUser,
                          Secret replicationPassword, Duration connectTimeout, Duration readTimeout, String errorLog) {
        this(port, name, user, password, replicationUser, replicationPassword, connectTimeout, readTimeout, errorLog,
                null);
    }

    /**
     * Connector/J's properties for hactl's own connections (the probes, the watch, the operations): the user and
     * its password, the connect and read timeouts, TLS when the server offers it, no public key fetched.
     *
     * @throws IllegalStateException when the password cannot be read (the message names its file)
     */
    public java.util.Properties connectionProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        String pw = password.reveal();
        if (pw != null) {
            p.setProperty("password", pw);
        }
        p.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        p.setProperty("socketTimeout", Long.toString(readTimeout.toMillis()));
        p.setProperty("sslMode", "PREFERRED");
        p.setProperty("allowPublicKeyRetrieval", "false");
        return p;
    }
}
