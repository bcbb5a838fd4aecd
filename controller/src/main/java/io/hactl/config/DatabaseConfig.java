package io.hactl.config;

import java.time.Duration;

/**
 * How hactl reaches MySQL/MariaDB on each node (over TCP, on the node's address).
 * {@code errorLog} may contain {@code {node}}, replaced by the node's name. {@code server}
 * (null when not configured) says how to stop and start the server, for the physical rebuild.
 */
public record DatabaseConfig(int port, String name, String user, Secret password,
                             String replicationUser, Secret replicationPassword,
                             Duration connectTimeout, Duration readTimeout,
                             String errorLog, DatabaseServerConfig server) {

    /** Without a {@code database.server} section. */
    public DatabaseConfig(int port, String name, String user, Secret password, String replicationUser,
                          Secret replicationPassword, Duration connectTimeout, Duration readTimeout, String errorLog) {
        this(port, name, user, password, replicationUser, replicationPassword, connectTimeout, readTimeout, errorLog,
                null);
    }
}
