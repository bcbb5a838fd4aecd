package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "A restore into a server whose disk is full waited 5 minutes ('loading stalled')":
 * when the load stops moving, the server's processlist says why, at once.
 */
class DiskFullTest {

    static final DbEndpoint N2 = new DbEndpoint("198.51.100.12", 3306, null, "hactl", null, "shop");
    static final Map<String, String> WHERE = Map.of("host", "n2", "datadir", "/var/lib/mysql/");

    @TempDir
    Path dir;

    static Map<String, String> session(String id, String db, String state) {
        Map<String, String> r = new java.util.HashMap<>();
        r.put("id", id);
        r.put("user", "hactl");
        r.put("db", db);
        r.put("state", state);
        return r;
    }

    /** A stub of the server: the processlist rows it answers, and the queries it was asked. */
    static DiskFull server(List<Map<String, String>> waiting, List<String> asked) {
        return new DiskFull((e, sql) -> {
            asked.add(sql);
            return sql.equals(DiskFull.WAITING) ? waiting : sql.equals(DiskFull.WHERE) ? List.of(WHERE) : List.of();
        });
    }

    @Test
    void aRestoreIntoAFullDiskTheDecisionNamesTheServerHostDataDirectoryAndTheLoadingSession() {
        String why = server(List.of(session("7", "other", "Waiting for someone to free space"),
                session("12", "shop", "Waiting for someone to free space")), new ArrayList<>()).check(N2);
        assertThat(why).startsWith("hactl@198.51.100.12:3306: the server's disk is full: session 12 (hactl, database"
                + " shop) is 'Waiting for someone to free space' on host n2, data directory /var/lib/mysql/.")
                .contains("free space there", "KILL 12");

        List<String> asked = new ArrayList<>();
        assertThat(server(List.of(), asked).check(N2)).as("nobody waits for space: no reason").isNull();
        assertThat(asked).containsExactly(DiskFull.WAITING);

        DiskFull unreachable = new DiskFull((e, sql) -> {
            throw new DbToolException("ERROR 2013 (HY000): Lost connection");
        });
        assertThat(unreachable.check(N2)).as("cannot ask: no reason, the stall timeout stays the limit").isNull();
    }

    @Test
    void aRestoreIntoAFullDiskAnInnodbTableIsFullErrorSaysWhereToFreeSpace() {
        DiskFull d = server(List.of(), new ArrayList<>());
        assertThat(d.explainError(N2, "ERROR 1114 (HY000) at line 31: The table 't' is full"))
                .isEqualTo(" (the server's disk is most likely full on host n2, data directory /var/lib/mysql/: free"
                        + " space there, then again)");
        assertThat(d.explainError(N2, "ERROR 1062 (23000) at line 5: Duplicate entry '1' for key 'PRIMARY'")).isEmpty();
    }

    /** A stand-in client that reads nothing and never ends (as one whose server waits for disk space). */
    Path hangingClient() throws IOException {
        Path tool = dir.resolve("client");
        Files.writeString(tool, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    /** Endless SQL: the load's input only stops when the client stops reading. */
    static InputStream endlessSql() {
        return new InputStream() {
            @Override
            public int read() {
                return ';';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ';');
                return len;
            }
        };
    }

    @Test
    void aRestoreIntoAFullDiskFailsAtOnceSayingSoNotAfterTheStallTimeout() throws Exception {
        List<String> asked = new ArrayList<>();
        DbLoader loader = new DbLoader(hangingClient(), server(List.of(session("12", "shop",
                "Waiting for someone to free space")), asked), Duration.ofMillis(200));
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> loader.load(N2, false, endlessSql(), () -> 0L, Progress.silent(),
                        Duration.ofMinutes(5)))
                        .isInstanceOf(DbToolException.class)
                        .hasMessageStartingWith("hactl@198.51.100.12:3306: the server's disk is full: session 12")
                        .hasMessageContaining("on host n2, data directory /var/lib/mysql/")
                        .hasMessageEndingWith("(or KILL 12)"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(asked).contains(DiskFull.WAITING);
    }

    @Test
    void aLoadThatIsOnlySlowIsNotStoppedByTheWatch() throws Exception {
        List<String> asked = new ArrayList<>();
        // the server answers that nobody waits for space: the stall timeout (here 1 s) stays the limit
        DbLoader loader = new DbLoader(hangingClient(), server(List.of(), asked), Duration.ofMillis(100));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> loader.load(N2, false, endlessSql(), () -> 0L, Progress.silent(),
                        Duration.ofSeconds(1)))
                        .isInstanceOf(DbToolException.class).hasMessageContaining("loading stalled"));
        assertThat(asked).contains(DiskFull.WAITING);
    }
}
