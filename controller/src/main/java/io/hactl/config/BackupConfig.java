package io.hactl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code backup} section: where backups go, how many days are kept, and the file
 * components (name and paths) that {@code hactl backup} saves besides the database.
 *
 * @param keepDays   days of backups to keep (today included); null keeps every day
 * @param components the file components, in config order; the database is always the
 *                   component {@link #DATABASE} and is not listed here
 */
public record BackupConfig(Path directory, Integer keepDays, List<BackupComponentConfig> components) {

    /** The name of the database component; reserved, a file component may not use it. */
    public static final String DATABASE = "database";

    public static BackupConfig defaults() {
        return new BackupConfig(Defaults.BACKUP_DIRECTORY, null, List.of());
    }

    public Optional<BackupComponentConfig> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Every component name, the database first. */
    public List<String> componentNames() {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add(DATABASE);
        components.forEach(c -> all.add(c.name()));
        return List.copyOf(all);
    }
}
