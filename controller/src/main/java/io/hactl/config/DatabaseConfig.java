package io.hactl.config;

import java.time.Duration;

/**
 * How hactl reaches MySQL/MariaDB on each node (over TCP, on the node's address).
 * {@code errorLog} may contain {@code {node}}, replaced by the node's name.
 */
public record DatabaseConfig(int port, String name, String user, Secret password,
                             String replicationUser, Secret replicationPassword,
                             Duration connectTimeout, Duration readTimeout,
                             String errorLog) {
}
