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
    public static Path withOwnState(Lab lab, Path dir, UnaryOperator<String> more) throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path file = dir.resolve("hactl.yml");
        Files.writeString(file, more.apply(Files.readString(lab.config())
                .replaceAll("(?m)^state_directory: .*$", "state_directory: " + state)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
