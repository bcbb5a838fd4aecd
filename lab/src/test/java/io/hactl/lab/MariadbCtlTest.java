package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mariadb-ctl (the lab's database.server.start/stop), run for real on a throw-away mariadbd
 * (no namespace, no network: its socket only): start, idempotent start, stop by the pid file's
 * PID (a clean shutdown), the PID the one the lab's marker finds.
 */
class MariadbCtlTest {

    @TempDir
    Path tmp;
    private Path ctl;

    private CommandResult ctl(String action) {
        return LocalShell.exec("test", List.of(ctl.toString(), action, "n1"), "mariadb-ctl " + action, null,
                Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (ctl != null) {
            ctl("stop");
        }
    }

    @Test
    void startAndStop_theNodesMariadbd_byItsPidFile() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mariadbd runs as user mysql: as root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        LabLayout layout = new LabLayout(tmp);
        Files.createDirectories(layout.binDir());
        Files.createDirectories(layout.mysqlDir(LabNode.N1));
        Files.setPosixFilePermissions(layout.nodeDir(LabNode.N1), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(layout.myCnf(LabNode.N1), LabTexts.myCnf(layout, LabNode.N1)
                .replace("bind-address = 0.0.0.0\n", "skip-networking\n"));
        LocalShell.exec("test", List.of("chown", "-R", "mysql:mysql", layout.mysqlDir(LabNode.N1).toString()), "chown",
                null, Duration.ofSeconds(10));
        CommandResult install = LocalShell.exec("test", List.of("mariadb-install-db", "--defaults-file="
                + layout.myCnf(LabNode.N1), "--skip-test-db", "--auth-root-authentication-method=socket"), "install", null,
                Duration.ofSeconds(120));
        assertThat(install.exit()).as(install.err()).isZero();
        ctl = layout.mariadbCtl();
        Files.writeString(ctl, LabTexts.mariadbCtl(layout));
        Files.setPosixFilePermissions(ctl, PosixFilePermissions.fromString("rwxr-xr-x"));

        CommandResult start = ctl("start");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("mariadb on n1: started (pid");
        assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> LocalShell.exec("test",
                List.of("mariadb-admin", "--no-defaults", "--socket=" + layout.socket(LabNode.N1), "-uroot", "ping"),
                "ping", null, Duration.ofSeconds(5)).ok())).isTrue();
        long pid = Procs.readPid(layout.mariadbPid(LabNode.N1)).orElseThrow();
        // what the lab takes for n1's live mariadbd (no namespace here: the marker alone)
        assertThat(Procs.aliveWith(pid, layout.processMarker(LabNode.N1, "mariadb"))).isTrue();
        assertThat(ctl("start").out()).contains("already running (pid " + pid + ")");

        CommandResult stop = ctl("stop");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped (was pid " + pid + ")");
        assertThat(Procs.alive(pid)).isFalse();
        assertThat(Files.exists(layout.mariadbPid(LabNode.N1))).isFalse();
        assertThat(Files.readString(layout.errorLog(LabNode.N1))).contains("Shutdown complete");
    }
}
