package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backend-ctl, run for real (no namespace, no root): start, idempotent start, status,
 * stop by the pid file's PID, idempotent stop, and a stale pid file.
 */
class BackendCtlTest {

    @TempDir
    Path tmp;
    private Path ctl;
    private LabLayout layout;

    private CommandResult ctl(String action) {
        return LocalShell.exec("test", List.of(ctl.toString(), action, "n1"), "backend-ctl " + action, null,
                Duration.ofSeconds(40));
    }

    @AfterEach
    void stop() {
        if (ctl != null) {
            ctl("stop");
        }
    }

    @Test
    void startStopStatusAreIdempotentAndByPid() throws IOException {
        layout = new LabLayout(tmp);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(layout.binDir());
        ctl = layout.backendCtl();
        Files.writeString(ctl, LabTexts.backendCtl(layout, System.getProperty("java.home"), port));
        Files.setPosixFilePermissions(ctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        LabFiles.writeBackendJar(layout.backendJar());

        assertThat(ctl("status").exit()).isEqualTo(3);
        assertThat(ctl("stop").out()).contains("not running");

        CommandResult start = ctl("start");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("started (pid");
        assertThat(start.elapsed()).isLessThan(Duration.ofSeconds(5));
        long pid = Procs.readPid(layout.backendPid(LabNode.N1)).orElseThrow();
        assertThat(Procs.cmdline(pid)).contains("LabBackendService --node n1");
        assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> Lab.httpStatus("127.0.0.1", port) == 200)).isTrue();

        CommandResult again = ctl("start");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already running (pid " + pid + ")");
        assertThat(ctl("status").exit()).isZero();

        CommandResult stop = ctl("stop");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped (was pid " + pid + ")");
        assertThat(Procs.alive(pid)).isFalse();
        assertThat(Files.exists(layout.backendPid(LabNode.N1))).isFalse();
        assertThat(ctl("stop").out()).contains("not running");
        assertThat(ctl("status").exit()).isEqualTo(3);
        assertThat(Files.readString(layout.backendLog(LabNode.N1))).contains("start node=n1", "request GET /", "stop node=n1");

        // a stale pid file naming a live process that is not the backend (this JVM): not ours, never killed
        Files.writeString(layout.backendPid(LabNode.N1), ProcessHandle.current().pid() + "\n");
        assertThat(ctl("status").exit()).isEqualTo(3);
        assertThat(ctl("stop").exit()).isZero();
        assertThat(OptionalLong.of(ProcessHandle.current().pid())).isPresent();
    }
}
