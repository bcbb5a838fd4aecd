package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 5, "Config file permissions", its second half: the files of the state
 * directory (the transition log, the pair's lock and holder, maintenance markers, the GTID
 * memory) get their mode from hactl, not from the umask of whoever ran it.
 */
class StateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static TransitionEntry entry(String sentence) {
        return StateEntry.of(Instant.parse("2026-12-01T19:02:03Z"), "pair1", Event.DIAGNOSIS, null, null,
                sentence, null, "alice", null);
    }

    @Test
    @DisplayName("Config file permissions: state files are 0640 (0600 for the GTID memory) under umask 000")
    void configFilePermissions_stateFilesGetTheirModeWhateverTheUmask() throws Exception {
        Path state = dir.resolve("state");
        Process p = new ProcessBuilder("/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StateFilesUnderUmask.class.getName(), state.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the writer process ended").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(mode(state.resolve("umask-probe"))).as("umask 000 was in force").isEqualTo("rw-rw-rw-");

        assertThat(mode(state)).isEqualTo("rwxr-x---");
        assertThat(mode(state.resolve(TransitionLog.FILE_NAME))).isEqualTo("rw-r-----");
        assertThat(mode(state.resolve("operation.lock"))).isEqualTo("rw-r-----");
        assertThat(mode(state.resolve("operation.json"))).isEqualTo("rw-r-----");
        assertThat(mode(state.resolve("maintenance-b5c6d7e8.json"))).isEqualTo("rw-r-----");
        assertThat(mode(state.resolve("gtid-memory.json"))).isEqualTo("rw-------");
        assertThat(mode(state.resolve("gtid-memory.lock"))).isEqualTo("rw-r-----");
    }

    @Test
    @DisplayName("Config file permissions: a new transition log is exactly 0640")
    void configFilePermissions_aNewTransitionLogIs0640() throws IOException {
        TransitionLog log = new TransitionLog(dir);

        log.append(entry("first"));

        assertThat(mode(log.file())).isEqualTo("rw-r-----");
    }

    @Test
    @DisplayName("Config file permissions: an existing 0644 (or 0666) log is tightened to 0640 at the next append")
    void configFilePermissions_anExistingOpenLogIsTightenedAtTheNextAppend() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(entry("first"));
        Files.setPosixFilePermissions(log.file(), PosixFilePermissions.fromString("rw-rw-rw-"));

        log.append(entry("second"));

        assertThat(mode(log.file())).isEqualTo("rw-r-----");
        assertThat(log.read(StateEntry.class)).extracting(StateEntry::sentence).containsExactly("first", "second");
    }

    @Test
    @DisplayName("Config file permissions: a log its owner made 0600 stays 0600 (tightened, never widened)")
    void configFilePermissions_aPrivateLogIsNeverWidened() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(entry("first"));
        Files.setPosixFilePermissions(log.file(), PosixFilePermissions.fromString("rw-------"));

        log.append(entry("second"));

        assertThat(mode(log.file())).isEqualTo("rw-------");
    }
}
