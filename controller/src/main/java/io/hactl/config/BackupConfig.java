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
 * @param databaseMethod backup.database.method: auto, physical (mariadb-backup, the whole server)
 *                   or logical (mariadb-dump, the application database)
 */
public record BackupConfig(Path directory, Integer keepDays, List<BackupComponentConfig> components,
                           String databaseMethod) {

    /** The name of the database component; reserved, a file component may not use it. */
    public static final String DATABASE = "database";
    /** backup.database.method's default: physical (mariadb-backup) when it can be, else logical. */
    public static final String AUTO = "auto";

    /** With the database method's default, {@link #AUTO}. */
    public BackupConfig(Path directory, Integer keepDays, List<BackupComponentConfig> components) {
        this(directory, keepDays, components, AUTO);
    }

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
