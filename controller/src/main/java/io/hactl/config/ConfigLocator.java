package io.hactl.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the config file: {@code --config FILE}, else {@code $HACTL_CONFIG}, else
 * {@code /etc/hactl/hactl.yml} when it exists; else there is none, and the command says so.
 * Never the lab's config unless it is named: a refusal on a production host must not write
 * into a lab's transition log because a lab was once brought up there. {@code hactl lab} and
 * the lab's scripts name it ({@code --config /var/lib/hactl-lab/hactl.yml} or HACTL_CONFIG).
 */
public final class ConfigLocator {

    public static final Path SYSTEM_CONFIG = Path.of("/etc/hactl/hactl.yml");
    /** The lab's config: never chosen here, only named in the message when there is no config. */
    public static final Path LAB_CONFIG = Path.of("/var/lib/hactl-lab/hactl.yml");

    /** A config file and how it was chosen ("--config", "from $HACTL_CONFIG", "the default"). */
    public record Location(Path path, String how) {

        /** {@code /etc/hactl/hactl.yml (the default)}. */
        public String describe() {
            return path + " (" + how + ")";
        }
    }

    private final Map<String, String> env;
    private final Path system;
    private final Path lab;

    /** @param env the environment ($HACTL_CONFIG); @param system /etc/hactl/hactl.yml; @param lab the lab's config */
    public ConfigLocator(Map<String, String> env, Path system, Path lab) {
        this.env = env;
        this.system = system;
        this.lab = lab;
    }

    /** This process's environment and the real places. */
    public static ConfigLocator system() {
        return new ConfigLocator(System.getenv(), SYSTEM_CONFIG, LAB_CONFIG);
    }

    /** {@code explicit} (--config), else $HACTL_CONFIG, else the default when it exists; empty: no config. */
    public Optional<Location> find(Path explicit) {
        if (explicit != null) {
            return Optional.of(new Location(explicit, "--config"));
        }
        String fromEnv = env.get("HACTL_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Location(Path.of(fromEnv), "from $HACTL_CONFIG"));
        }
        if (Files.exists(system)) {
            return Optional.of(new Location(system, "the default"));
        }
        return Optional.empty();
    }

    /** Where no config was found, in a few words: {@code no --config, $HACTL_CONFIG is not set, no /etc/hactl/hactl.yml}. */
    public String nowhere() {
        return "no --config, $HACTL_CONFIG is not set, no " + system;
    }

    /** Why {@code command} cannot run without a config: the three places looked at, and how to give one. */
    public String noConfig(String command) {
        return command + ": no config: no --config FILE was given, $HACTL_CONFIG is not set and " + system
                + " does not exist; nothing was done.\n"
                + "  fix: write " + system + " (an annotated example: conf/hactl.yml; from the old scripts:"
                + " hactl conf import env.conf), or name one with --config FILE or export HACTL_CONFIG=FILE"
                + (Files.exists(lab) ? "\n  a lab's config is on this machine (" + lab + "): hactl reads it only when"
                        + " named: --config " + lab : "");
    }
}
