package io.hactl.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** sshd in a node's namespace: {@code sshd -D} (the PID started is the daemon's), its own config and log. */
final class LabSshd {

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;

    LabSshd(LabLayout layout, LabShell shell, LabProcesses procs) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
    }

    /** Starts the node's sshd and waits until it listens on the node's address. */
    void start(LabNode n) {
        try {
            Path run = Path.of("/run/sshd");
            Files.createDirectories(run);
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shell.spawn(n, layout.sshdLog(n), shell.which("sshd"), "-D", "-f", layout.sshdConfig(n).toString(),
                "-E", layout.sshdLog(n).toString());
        Poll.await("sshd on " + n + " to listen on " + n.address() + ":22", Duration.ofSeconds(20), Poll.EVERY,
                () -> LabServices.tcpOpen(n.address(), 22) && procs.livePid(n, "sshd").isPresent(),
                () -> LabFiles.tail(layout.sshdLog(n), 5));
    }
}
