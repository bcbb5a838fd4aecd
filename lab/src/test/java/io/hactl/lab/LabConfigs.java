package io.hactl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/** Copies of the lab's hactl.yml for one test: its own state directory, so its transition log is its own. */
public final class LabConfigs {

    private LabConfigs() {
    }

    /**
     * The lab's config as {@code dir/hactl.yml} (mode 0600) with {@code state_directory: dir/state}
     * (created) and {@code more} applied to the text; returns the file.
     */
    /** The config's database.server section (start/stop for the physical rebuild) taken out: auto is logical. */
    public static String withoutDatabaseServer(String yml) {
        return yml.replaceAll("(?m)^  server:\n(?:    .*\n)+", "");
    }

    /**
     * The config with the database.server section this build's lab writes, added when the lab's
     * config has none (a lab brought up by an older build: heal writes its mariadb-ctl).
     */
    public static String withDatabaseServer(Lab lab, String yml) {
        if (yml.contains("\n  server:\n")) {
            return yml;
        }
        String d = lab.dir().toString();
        String line = "  error_log: " + d + "/{node}/mysql/error.log\n";
        return yml.replace(line, line + "  server:\n    defaults_file: " + d + "/{node}/mysql/my.cnf\n    start: " + d
                + "/bin/mariadb-ctl start {node}\n    stop: " + d + "/bin/mariadb-ctl stop {node}\n");
    }

    public static Path withOwnState(Lab lab, Path dir, UnaryOperator<String> more) throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path file = dir.resolve("hactl.yml");
        Files.writeString(file, more.apply(Files.readString(lab.config())
                .replaceAll("(?m)^state_directory: .*$", "state_directory: " + state)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
