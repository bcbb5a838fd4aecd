package io.hactl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/** Reads a file's permission bits as an octal mode (0600) and tells who besides the owner may use it. */
public final class FileModes {

    private FileModes() {
    }

    /** The mode bits (e.g. 0644), or empty when the file system has no POSIX permissions or cannot tell. */
    public static Optional<Integer> mode(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= switch (p) {
                    case OWNER_READ -> 0400;
                    case OWNER_WRITE -> 0200;
                    case OWNER_EXECUTE -> 0100;
                    case GROUP_READ -> 040;
                    case GROUP_WRITE -> 020;
                    case GROUP_EXECUTE -> 010;
                    case OTHERS_READ -> 04;
                    case OTHERS_WRITE -> 02;
                    case OTHERS_EXECUTE -> 01;
                };
            }
            return Optional.of(mode);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }

    public static String octal(int mode) {
        return String.format("%04o", mode);
    }

    /** True when group or others have any permission on the file. */
    public static boolean openToOthers(int mode) {
        return (mode & 077) != 0;
    }

    /** True when group or others may write the file. */
    static boolean writableByOthers(int mode) {
        return (mode & 022) != 0;
    }

    static boolean isRegularFile(Path file) {
        return Files.isRegularFile(file);
    }
}
