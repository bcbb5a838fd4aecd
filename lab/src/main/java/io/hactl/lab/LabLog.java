package io.hactl.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * lab.log: every command the lab runs (argv only, never stdin, which is where secrets
 * go), its exit code and duration, and stderr on failure. While {@code up} tears down an
 * old lab and has no directory yet, lines are buffered and written once it has one.
 */
final class LabLog {

    private final Path file;
    private final StringBuilder pending = new StringBuilder();
    private boolean buffering;

    LabLog(Path file) {
        this.file = file;
    }

    synchronized void line(String text) {
        String s = Instant.now() + " " + text + "\n";
        if (buffering || !Files.isDirectory(file.getParent())) {
            if (buffering) {
                pending.append(s);
            }
            return;
        }
        append(s);
    }

    /** Buffers lines until {@link #attach()} (the directory is about to be deleted and recreated). */
    synchronized void buffer() {
        buffering = true;
    }

    /** Writes the buffered lines and goes back to writing directly. */
    synchronized void attach() {
        buffering = false;
        if (pending.length() > 0) {
            append(pending.toString());
            pending.setLength(0);
        }
    }

    private void append(String s) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            }
            Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a help, never a reason to fail
        }
    }
}
