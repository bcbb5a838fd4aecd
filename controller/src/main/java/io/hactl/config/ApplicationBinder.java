package io.hactl.config;

import java.util.Locale;
import java.util.Set;

/** Reads the {@code application} section: follow_db_master (unknown keys refused with their line). */
final class ApplicationBinder {

    static final Set<String> KEYS = Set.of("follow_db_master");

    private ApplicationBinder() {
    }

    /** The section, or its defaults when absent; a wrong value is reported and the default kept. */
    static ApplicationConfig read(YamlMap root) {
        YamlMap a = root.map("application", KEYS);
        String text = a.string("follow_db_master");
        if (text == null) {
            return ApplicationConfig.defaults();
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> new ApplicationConfig(true);
            case "false" -> new ApplicationConfig(false);
            default -> {
                a.error("follow_db_master", "'" + text + "' is not true or false: write follow_db_master: true (the"
                        + " application moves with the database master: one active node, as the seed runs; the"
                        + " default) or follow_db_master: false (the application stays where it is after a database"
                        + " failover)");
                yield ApplicationConfig.defaults();
            }
        };
    }
}
