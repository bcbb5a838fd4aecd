package io.hactl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes the {@code backup} section's config: directory, keep_days and the file components. */
final class BackupBinder {

    /** Names a file component may not take: the database component and the subcommands of 'hactl backup'. */
    static final Set<String> RESERVED = Set.of(BackupConfig.DATABASE, "verify", "list", "help");

    private BackupBinder() {
    }

    static BackupConfig read(Problems c, HactlYaml.Backup backup) {
        if (backup == null) {
            return BackupConfig.defaults();
        }
        List<BackupComponentConfig> components = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        List<HactlYaml.Component> items = backup.components() == null ? List.of() : backup.components();
        for (int i = 0; i < items.size(); i++) {
            String at = "backup.components[" + i + "]";
            BackupComponentConfig component = component(c, at, items.get(i));
            if (component.name() == null) {
                continue;
            }
            Integer first = names.putIfAbsent(component.name(), c.line(at + ".name"));
            if (first != null) {
                c.error(at + ".name", "'" + component.name() + "' is also the name of the component at line " + first
                        + ": give each component its own name (it names the backup file)");
            } else if (!component.paths().isEmpty()) {
                components.add(component);
            }
        }
        return new BackupConfig(c.path("backup.directory", backup.directory(), Defaults.BACKUP_DIRECTORY),
                c.valid("backup.keep_days", backup.keepDays()), List.copyOf(components), method(c, backup.database()));
    }

    /** backup.database.method, {@link BackupConfig#AUTO} when not given (a wrong one is reported). */
    private static String method(Problems c, HactlYaml.BackupDatabase database) {
        String m = database == null ? null : c.valid("backup.database.method", database.method());
        return m == null ? BackupConfig.AUTO : m;
    }

    /** The component; its name is null and its paths empty where they were wrong (reported). */
    private static BackupComponentConfig component(Problems c, String at, HactlYaml.Component item) {
        String name = c.valid(at + ".name", item.name());
        if (name != null && RESERVED.contains(name)) {
            c.error(at + ".name", "'" + name + "' is reserved (" + (name.equals(BackupConfig.DATABASE)
                    ? "the database is always the component 'database'" : "'hactl backup " + name
                    + "' is a subcommand") + "): choose another name");
            name = null;
        }
        List<String> paths = new ArrayList<>();
        List<String> given = c.valid(at + ".paths", item.paths());
        if (given != null && given.isEmpty()) {
            c.error(at + ".paths", "no paths listed: give at least one absolute path");
        }
        for (int i = 0; given != null && i < given.size(); i++) {
            String why = whyNotPath(given.get(i));
            if (why != null) {
                c.error(at + ".paths[" + i + "]", why);
            } else {
                paths.add(given.get(i));
            }
        }
        List<String> exclude = new ArrayList<>();
        List<String> patterns = item.exclude() == null ? List.of() : item.exclude();
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).chars().anyMatch(ch -> ch < 0x20)) {
                c.error(at + ".exclude[" + i + "]", "contains a control character: remove it");
            } else {
                exclude.add(patterns.get(i));
            }
        }
        return new BackupComponentConfig(name, List.copyOf(paths), List.copyOf(exclude));
    }

    static String whyNotPath(String p) {
        if (!p.startsWith("/")) {
            return "'" + p + "' is not an absolute path: write it from the root, e.g. /" + p;
        }
        if (p.chars().anyMatch(ch -> ch < 0x20)) {
            return "contains a control character: remove it";
        }
        if (p.equals("/")) {
            return "'/' is the whole file system: name the directories to save";
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                return "'" + p + "' contains '..': write the path without it";
            }
        }
        return null;
    }
}
