package io.hactl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the config file itself and the files it points at, as they are on this machine:
 * only its owner can change the config (hactl runs root commands on both nodes from it), a
 * config holding an inline secret (database or SMTP password, webhook URL) is not readable by
 * others, password files and the ssh private key exist and only their owner can use them,
 * known_hosts exists and only its owner can change it.
 */
final class FileChecks {

    private final Locations locations;
    private final Problems problems;
    private final Function<String, String> environment;

    FileChecks(Locations locations, Problems problems, Function<String, String> environment) {
        this.locations = locations;
        this.problems = problems;
        this.environment = environment;
    }

    void check(HactlConfig config, Path configFile) {
        configFileWritable(configFile);
        boolean inline = false;
        if (config.database() != null) {
            inline |= secret("database", config.database().password());
            inline |= secret("database.replication", config.database().replicationPassword());
        }
        if (inline) {
            configFileHoldingPassword(configFile);
        }
        sshFiles(config.nodes());
        alertSecrets(config.alerts(), configFile);
        if (config.controller() != null && config.controller().coordination() != null) {
            secret(CoordinationSettings.KEY, config.controller().coordination().password());
        }
    }

    /**
     * A config others can write is refused: whoever can change it chooses the commands hactl
     * runs as root on both nodes (services' start/stop, alert commands) and where it connects.
     */
    private void configFileWritable(Path configFile) {
        Optional<Integer> mode = FileModes.mode(configFile);
        if (mode.isPresent() && FileModes.writableByOthers(mode.get())) {
            problems.error(0, YamlSource.FILE_KEY, configFile + " is mode " + FileModes.octal(mode.get())
                    + ", so group/others can change it, and hactl runs the commands it names as root on both nodes:"
                    + " chmod go-w " + configFile + " (chmod 600 " + configFile + " if it holds a password)");
        }
    }

    /** The alert channels' password and webhook URL: files, environment variables, inline in a private config only. */
    private void alertSecrets(AlertsConfig alerts, Path configFile) {
        for (int i = 0; alerts != null && i < alerts.channels().size(); i++) {
            AlertsConfig.ChannelConfig c = alerts.channels().get(i);
            String section = "alerts.channels[" + i + "]";
            Secret s = c.email() != null ? c.email().password() : c.webhook() != null ? c.webhook().url() : null;
            String what = c.email() != null ? "password" : "url";
            if (s == null) {
                continue;
            }
            if (s.kind() == Secret.Kind.FILE) {
                privateFile(section + "." + what + "_file", Path.of(s.reference()), "put the " + what
                        + " alone on its first line: install -m 600 /dev/null " + s.reference() + " and then edit it");
            } else if (s.kind() == Secret.Kind.INLINE) {
                inlineInOpenConfig(section + "." + what, configFile, c.email() != null ? "SMTP password"
                        : "webhook URL (its token is the secret)", what + "_file");
            } else if (s.kind() == Secret.Kind.ENV && environment.apply(s.reference()) == null) {
                String key = section + "." + what + "_env";
                problems.warning(locations.line(key), key, "environment variable " + s.reference()
                        + " is not set here: set it where hactl runs (e.g. Environment= in its systemd unit);"
                        + " ignore this if it is set there");
            }
        }
    }

    /** @return whether the secret is inline */
    private boolean secret(String section, Secret secret) {
        if (secret == null) {
            return false;
        }
        switch (secret.kind()) {
            case FILE -> privateFile(section + ".password_file", Path.of(secret.reference()),
                    "put the password alone on its first line: install -m 600 /dev/null " + secret.reference()
                            + " and then edit it");
            case ENV -> {
                if (environment.apply(secret.reference()) == null) {
                    String key = section + ".password_env";
                    problems.warning(locations.line(key), key, "environment variable " + secret.reference()
                            + " is not set here: set it where hactl runs (e.g. Environment= in its systemd unit);"
                            + " ignore this if it is set there");
                }
            }
            default -> {
                return secret.kind() == Secret.Kind.INLINE;
            }
        }
        return false;
    }

    /** An inline alert secret in a config group/others can read: an error at the secret's key. */
    private void inlineInOpenConfig(String key, Path configFile, String what, String fileKey) {
        Optional<Integer> mode = FileModes.mode(configFile);
        if (mode.isPresent() && FileModes.openToOthers(mode.get())) {
            problems.error(locations.line(key), key, "the " + what + " is written in " + configFile + ", which is mode "
                    + FileModes.octal(mode.get()) + ", so group/others can read it: chmod 600 " + configFile
                    + ", or better move it to a " + fileKey + " (mode 0600)");
        }
    }

    private void configFileHoldingPassword(Path configFile) {
        Optional<Integer> mode = FileModes.mode(configFile);
        if (mode.isPresent() && FileModes.openToOthers(mode.get())) {
            problems.error(0, YamlSource.FILE_KEY, "this file holds a password (password:) and is mode "
                    + FileModes.octal(mode.get()) + ", so group/others can read it: chmod 600 " + configFile
                    + ", or better move the password to a password_file");
        }
    }

    private void sshFiles(List<NodeConfig> nodes) {
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            SshConfig ssh = nodes.get(i).ssh();
            String own = "nodes[" + i + "].ssh.";
            if (ssh.privateKey() != null && seen.add(ssh.privateKey())) {
                String key = locations.has(own + "key") ? own + "key" : "ssh.key";
                privateFile(key, ssh.privateKey(), "create it with ssh-keygen -t ed25519 -N '' -f " + ssh.privateKey()
                        + " and add " + ssh.privateKey() + ".pub to authorized_keys of " + ssh.user() + " on each node");
            }
            if (ssh.knownHosts() != null && seen.add(ssh.knownHosts())) {
                String key = locations.has(own + "known_hosts") ? own + "known_hosts" : "ssh.known_hosts";
                knownHosts(key, ssh.knownHosts(), nodes);
            }
        }
    }

    /** A file only its owner may use: exists, is a regular file, mode 0600 or 0400. */
    private void privateFile(String key, Path file, String howToCreate) {
        if (problems.reported(key)) {
            return;
        }
        int line = locations.line(key);
        if (!Files.exists(file)) {
            problems.error(line, key, file + " does not exist: " + howToCreate);
            return;
        }
        if (!FileModes.isRegularFile(file)) {
            problems.error(line, key, file + " is not a regular file: give the path of the file itself");
            return;
        }
        Optional<Integer> mode = FileModes.mode(file);
        if (mode.isPresent() && FileModes.openToOthers(mode.get())) {
            problems.error(line, key, file + " is mode " + FileModes.octal(mode.get()) + ", so group/others can"
                    + " read it: chmod 600 " + file + " (only its owner, the user hactl runs as, may read it)");
        }
        try {
            if (Files.size(file) == 0) {
                problems.warning(line, key, file + " is empty: put the secret in it");
            }
        } catch (IOException e) {
            problems.warning(line, key, "cannot read the size of " + file + ": " + e.getMessage());
        }
    }

    /** The words of the known_hosts error that {@code hactl ssh trust} mends itself (it creates the file). */
    public static final String KNOWN_HOSTS_MISSING = "does not exist";

    private void knownHosts(String key, Path file, List<NodeConfig> nodes) {
        if (problems.reported(key)) {
            return; // e.g. an empty known_hosts: the default stood in for it, don't report on that
        }
        int line = locations.line(key);
        String addresses = nodes.stream().map(NodeConfig::address).filter(a -> a != null).distinct()
                .collect(Collectors.joining(" "));
        if (!Files.exists(file)) {
            problems.error(line, key, file + " " + KNOWN_HOSTS_MISSING + ": host keys are always checked; run"
                    + " 'hactl ssh trust NODE' for each node (it creates the file and shows each fingerprint to compare"
                    + " with 'ssh-keygen -lf' on the node), or ssh-keyscan -t ed25519 "
                    + (addresses.isEmpty() ? "NODE_ADDRESSES" : addresses) + " > " + file + " and compare");
            return;
        }
        if (!FileModes.isRegularFile(file)) {
            problems.error(line, key, file + " is not a regular file: give the path of the known_hosts file itself");
            return;
        }
        Optional<Integer> mode = FileModes.mode(file);
        if (mode.isPresent() && FileModes.writableByOthers(mode.get())) {
            problems.error(line, key, file + " is mode " + FileModes.octal(mode.get()) + ", so group/others can"
                    + " change the trusted host keys: chmod 644 " + file);
        }
    }
}
