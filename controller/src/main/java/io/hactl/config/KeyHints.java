package io.hactl.config;

import java.util.Map;

/**
 * What to say about keys users are known to write where they do not belong, instead of the
 * plain "unknown key": each names what to write instead.
 */
final class KeyHints {

    static final String NO_TURNING_OFF = "host keys are always checked against known_hosts and this cannot be"
            + " turned off; put the nodes' host keys in known_hosts instead (ssh-keyscan ADDRESS >> FILE, then compare"
            + " the fingerprints with 'ssh-keygen -lf' on each node)";

    private static final Map<String, String> SSH = Map.of(
            "strict_host_key_checking", NO_TURNING_OFF,
            "StrictHostKeyChecking", NO_TURNING_OFF,
            "host_key_checking", NO_TURNING_OFF,
            "password", "hactl logs in with a key only: give key: /etc/hactl/id_ed25519");

    private static final Map<String, String> CONTROLLER = Map.of(
            "port", "the port is part of listen: write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:"
                    + Defaults.CONTROLLER_PORT,
            "address", "write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:" + Defaults.CONTROLLER_PORT);

    private static final Map<String, String> OPERATOR = Map.of(
            "token", "the token itself never goes in this file: give its SHA-256 as token_sha256; "
                    + ControllerBinder.MAKE_TOKEN,
            "password", "operators log in with a token, not a password: give its SHA-256 as token_sha256; "
                    + ControllerBinder.MAKE_TOKEN);

    private static final Map<String, String> USER = Map.of(
            "password", "the password itself never goes in this file: give its bcrypt hash as password_hash; "
                    + ControllerBinder.MAKE_USER);

    private KeyHints() {
    }

    /** The hint for {@code key} written in a mapping bound to {@code type}; null when there is none. */
    static String of(Class<?> type, String key) {
        Map<String, String> hints = type == HactlYaml.Ssh.class ? SSH : type == HactlYaml.Controller.class ? CONTROLLER
                : type == HactlYaml.Operator.class ? OPERATOR : type == HactlYaml.User.class ? USER : Map.of();
        return hints.get(key);
    }
}
