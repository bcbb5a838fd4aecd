package io.hactl.log;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The mode of what hactl creates in {@code state_directory}: the transition log, the pair's
 * lock and holder file, maintenance markers, the GTID memory's lock. The mode is given at
 * creation and then set exactly, never left to the umask of whoever ran hactl: under
 * {@code umask 000} (or 002) a default-mode file would let any local user rewrite the log
 * that says who did what, or fill it with lines of their own. A file that already exists
 * (written by an older hactl, 0644) is tightened, never widened.
 *
 * <p>Files are {@code 0640}: hactl (root) writes them, the owner's group may read them (chgrp
 * the directory's files to a group of auditors to let them run {@code hactl history}); others
 * nothing. Directories hactl creates are {@code 0750}.
 */
public final class StateFiles {

    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-x---");

    private StateFiles() {
    }

    /** Creates {@code dir} (and missing parents) 0750 when it does not exist; an existing one is left as it is. */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, attribute(DIRECTORY_MODE));
        setExactly(dir, DIRECTORY_MODE);
    }

    /**
     * Makes sure {@code file} exists with at most {@link #FILE_MODE}: created exactly 0640 (the
     * create itself asks for 0640, so it is never wider, even for a moment), or, when it exists,
     * its group-write and others' bits removed.
     */
    public static void prepare(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE_MODE));
            setExactly(file, FILE_MODE);  // the umask may have taken bits away
        } catch (FileAlreadyExistsException e) {
            tighten(file);
        }
    }

    /** Writes {@code bytes} as the whole content of {@code file}, which {@link #prepare} gives its mode. */
    public static void write(Path file, byte[] bytes) throws IOException {
        prepare(file);
        Files.write(file, bytes);
    }

    /** Removes the bits beyond {@link #FILE_MODE}; a file hactl may not change (another owner) is left as it is. */
    static void tighten(Path file) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> allowed = new HashSet<>(now);
            if (allowed.retainAll(FILE_MODE)) {
                Files.setPosixFilePermissions(file, allowed);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to change, or no POSIX modes here: it is written as it is
        }
    }

    private static void setExactly(Path p, Set<PosixFilePermission> mode) {
        try {
            Files.setPosixFilePermissions(p, mode);
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX modes on this file system: created as it allows
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
