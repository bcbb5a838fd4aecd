package io.hactl.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stand-ins for a node's programs (nft, ip, arping, zstd, mariadb-backup...) written as shell scripts into a bin
 * directory a test puts first on the PATH, so the code under test runs its real commands against them. One place
 * for the few lines every such test wrote.
 */
public final class StubTools {

    private StubTools() {
    }

    /** Writes {@code bin/name}, a {@code #!/bin/sh} script running {@code body}, executable by its owner. */
    public static Path write(Path bin, String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** The shell prefix that puts {@code bin} before the machine's own programs: {@code PATH=bin:$PATH; export PATH; }. */
    public static String firstOnPath(Path bin) {
        return "PATH=" + bin + ":$PATH; export PATH; ";
    }
}
