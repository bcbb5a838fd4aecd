package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;

/** The value of every optional key of hactl.yml (documented in docs/configuration.md). */
public final class Defaults {

    public static final String SSH_USER = "root";
    public static final int SSH_PORT = 22;
    public static final Path KNOWN_HOSTS = Path.of("/etc/hactl/known_hosts");
    public static final Duration SSH_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SSH_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    public static final int DATABASE_PORT = 3306;
    public static final Duration DATABASE_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DATABASE_READ_TIMEOUT = Duration.ofSeconds(2);

    public static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration SERVICE_STOP_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration PROBE_PING_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration PROBE_TCP_TIMEOUT = Duration.ofMillis(500);
    public static final Duration PROBE_ARP_TIMEOUT = Duration.ofMillis(300);

    public static final Path BACKUP_DIRECTORY = Path.of("/var/backups/hactl");
    public static final Path STATE_DIRECTORY = Path.of("/var/lib/hactl");

    public static final Duration FAILOVER_DOWN_AFTER = Duration.ofSeconds(1);
    public static final Duration FAILOVER_GRACE = Duration.ofSeconds(30);
    public static final Duration FAILOVER_BLOCK_PERIOD = Duration.ofHours(1);
    public static final Duration FAILOVER_PROPOSAL_EXPIRY = Duration.ofMinutes(15);

    public static final boolean APPLICATION_FOLLOW_DB_MASTER = true;

    public static final String CONTROLLER_LISTEN = "127.0.0.1";
    public static final int CONTROLLER_PORT = 8642;
    public static final Duration CONTROLLER_REMIND_INTERVAL = Duration.ofMinutes(30);

    private Defaults() {
    }
}
