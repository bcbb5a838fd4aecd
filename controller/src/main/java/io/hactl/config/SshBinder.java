package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code ssh} section and the per-node {@code nodes[].ssh} overrides. Host keys are
 * always checked: there is no key to turn that off.
 */
final class SshBinder {

    static final Set<String> KEYS = Set.of("user", "port", "key", "known_hosts", "connect_timeout", "command_timeout");

    private static final String NO_TURNING_OFF = "host keys are always checked against known_hosts and this cannot be"
            + " turned off; put the nodes' host keys in known_hosts instead (ssh-keyscan ADDRESS >> FILE, then compare"
            + " the fingerprints with 'ssh-keygen -lf' on each node)";

    static final Map<String, String> HINTS = Map.of(
            "strict_host_key_checking", NO_TURNING_OFF,
            "StrictHostKeyChecking", NO_TURNING_OFF,
            "host_key_checking", NO_TURNING_OFF,
            "password", "hactl logs in with a key only: give key: /etc/hactl/id_ed25519");

    private SshBinder() {
    }

    /** What one ssh mapping sets; null fields were not given (or were wrong, and reported). */
    record Settings(String user, Integer port, Path key, Path knownHosts,
                    Duration connectTimeout, Duration commandTimeout) {

        static final Settings EMPTY = new Settings(null, null, null, null, null, null);

        /** These settings, with {@code base}'s where these give none. */
        Settings over(Settings base) {
            return new Settings(user != null ? user : base.user, port != null ? port : base.port,
                    key != null ? key : base.key, knownHosts != null ? knownHosts : base.knownHosts,
                    connectTimeout != null ? connectTimeout : base.connectTimeout,
                    commandTimeout != null ? commandTimeout : base.commandTimeout);
        }

        /** The effective config, defaults filled in; the key stays null when none was given. */
        SshConfig toConfig() {
            return new SshConfig(user != null ? user : Defaults.SSH_USER, port != null ? port : Defaults.SSH_PORT,
                    key, knownHosts != null ? knownHosts : Defaults.KNOWN_HOSTS,
                    connectTimeout != null ? connectTimeout : Defaults.SSH_CONNECT_TIMEOUT,
                    commandTimeout != null ? commandTimeout : Defaults.SSH_COMMAND_TIMEOUT);
        }
    }

    static Settings read(YamlMap ssh) {
        String user = ssh.string("user");
        if (user != null && !user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            ssh.error("user", "'" + user + "' is not a login name: use letters, digits, '_', '.', '-'");
            user = null;
        }
        Path knownHosts = null;
        if (ssh.hasNoValue("known_hosts")) {
            ssh.error("known_hosts", "must name a file: " + NO_TURNING_OFF + " (remove the key to use "
                    + Defaults.KNOWN_HOSTS + ")");
        } else {
            knownHosts = ssh.path("known_hosts", null);
        }
        return new Settings(user, ssh.port("port", null), ssh.path("key", null), knownHosts,
                ssh.duration("connect_timeout", null), ssh.duration("command_timeout", null));
    }
}
