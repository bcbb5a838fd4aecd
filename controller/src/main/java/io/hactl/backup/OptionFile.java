package io.hactl.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A password for mariadb / mariadb-dump, passed as {@code --defaults-extra-file}: a
 * {@code [client]} option file, mode 0600, in a private directory (0700) of its own,
 * deleted on {@link #close()} (and at JVM exit if that is missed). The password is never
 * in a command line (visible to every user in ps) nor in the environment.
 */
public final class OptionFile implements AutoCloseable {

    private final Path dir;
    private final Path file;

    private OptionFile(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    /** An option file holding {@code password}; null password gives an empty one (no argument). */
    public static OptionFile forPassword(String password) {
        if (password == null) {
            return new OptionFile(null, null);
        }
        try {
            Path dir = Files.createTempDirectory("hactl-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("client.cnf");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text(password), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new OptionFile(dir, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a private option file for the password: " + e.getMessage(), e);
        }
    }

    /** The file's text: the password double-quoted, with backslash and double quote escaped. */
    static String text(String password) {
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a password with a line break or NUL cannot be passed to the"
                    + " MariaDB/MySQL client tools");
        }
        String escaped = password.replace("\\", "\\\\").replace("\"", "\\\"");
        return "# written by hactl for one command; deleted when it ends\n[client]\npassword=\"" + escaped + "\"\n";
    }

    /** The arguments that go first on the tool's command line: {@code --defaults-extra-file=FILE}, or none. */
    public List<String> arguments() {
        List<String> a = new ArrayList<>();
        if (file != null) {
            a.add("--defaults-extra-file=" + file);
        }
        return a;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // deleteOnExit is the fallback
        }
    }
}
