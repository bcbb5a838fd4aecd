package io.hactl.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the config file: {@code --config FILE}, else {@code $HACTL_CONFIG}, else
 * {@code /etc/hactl/hactl.yml}, else the lab's config when a lab has been brought up.
 */
public final class ConfigLocator {

    public static final Path SYSTEM_CONFIG = Path.of("/etc/hactl/hactl.yml");
    public static final Path LAB_CONFIG = Path.of("/var/lib/hactl-lab/hactl.yml");

    private ConfigLocator() {
    }

    public static Path locate(Path explicit) {
        return locate(explicit, System.getenv(), SYSTEM_CONFIG, LAB_CONFIG);
    }

    static Path locate(Path explicit, Map<String, String> env, Path system, Path lab) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = env.get("HACTL_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        if (Files.exists(system)) {
            return system;
        }
        if (Files.exists(lab)) {
            return lab;
        }
        return system;
    }
}
