package io.hactl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code backup} section: directory, keep_days and the file components. */
final class BackupBinder {

    static final Set<String> KEYS = Set.of("directory", "keep_days", "components");
    static final Set<String> COMPONENT_KEYS = Set.of("name", "paths", "exclude");
    /** Names a file component may not take: the database component and the subcommands of 'hactl backup'. */
    static final Set<String> RESERVED = Set.of(BackupConfig.DATABASE, "verify", "list", "help");
    static final int MAX_KEEP_DAYS = 36500;

    private BackupBinder() {
    }

    static BackupConfig read(YamlMap root) {
        YamlMap backup = root.map("backup", KEYS);
        Path directory = backup.path("directory", Defaults.BACKUP_DIRECTORY);
        Integer keepDays = backup.wholeNumber("keep_days", 1, MAX_KEEP_DAYS, null,
                "the number of days of backups to keep, today included (e.g. keep_days: 14)");
        List<BackupComponentConfig> components = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (YamlMap item : backup.listOfMaps("components", COMPONENT_KEYS)) {
            BackupComponentConfig c = component(item);
            if (c.name() == null) {
                continue;
            }
            Integer first = names.putIfAbsent(c.name(), item.lineOf("name"));
            if (first != null) {
                item.error("name", "'" + c.name() + "' is also the name of the component at line " + first
                        + ": give each component its own name (it names the backup file)");
            } else if (!c.paths().isEmpty()) {
                components.add(c);
            }
        }
        return new BackupConfig(directory, keepDays, List.copyOf(components));
    }

    /** The component as read; its name is null and its paths empty where they were wrong (reported). */
    private static BackupComponentConfig component(YamlMap c) {
        String name = c.required("name", "the component's name, used on the command line and in the file name,"
                + " e.g. name: tomcat");
        if (name != null && !name.matches(ConfigBinder.NAME_PATTERN)) {
            c.error("name", "'" + name + "' is not a component name: use letters, digits, '.', '_' and '-'");
            name = null;
        } else if (name != null && RESERVED.contains(name)) {
            c.error("name", "'" + name + "' is reserved (" + (name.equals(BackupConfig.DATABASE)
                    ? "the database is always the component 'database'" : "'hactl backup " + name
                    + "' is a subcommand") + "): choose another name");
            name = null;
        }
        List<String> paths = new ArrayList<>();
        if (!c.has("paths")) {
            c.missing("paths", "the files and directories to save (absolute; {node} allowed), e.g."
                    + " paths: [/opt/tomcat/conf, /opt/tomcat/webapps]");
        } else {
            List<YamlMap.Located> given = c.listOfStrings("paths", "an absolute path");
            if (given != null && given.isEmpty() && !c.hasNoValue("paths")) {
                c.error("paths", "no paths listed: give at least one absolute path");
            }
            for (YamlMap.Located p : given == null ? List.<YamlMap.Located>of() : given) {
                String why = whyNotPath(p.value());
                if (why != null) {
                    c.errorAt(p.line(), p.keyPath(), why);
                } else {
                    paths.add(p.value());
                }
            }
        }
        List<String> exclude = new ArrayList<>();
        List<YamlMap.Located> patterns = c.listOfStrings("exclude", "a tar --exclude pattern");
        for (YamlMap.Located p : patterns == null ? List.<YamlMap.Located>of() : patterns) {
            if (p.value().chars().anyMatch(ch -> ch < 0x20)) {
                c.errorAt(p.line(), p.keyPath(), "contains a control character: remove it");
            } else {
                exclude.add(p.value());
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
