package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.ops.db.ReplicaInit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl db-replica-init --method physical} on the lab (issue 18): n2 rebuilt from n1's data
 * files (mariadb-backup on n1 streamed straight to mbstream on n2, both ends started by hactl over
 * SSH: database.copy.direct's default, auto) while a client writes through the DB VIP; the same
 * through hactl inside SSH ({@code direct: off}); a rebuild whose copy is killed leaves n2 as it
 * was, both ends of the stream stopped and nothing listening; a node without room for the copy is
 * refused before any change; a server that does not start on the copy gets its old data directory
 * back. The lab's nodes do not trust each other over SSH: hactl starts both ends.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PhysicalRebuildLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final String N2_COPY_PORT = "198.51.100.12:4444";
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Path cfg;
    private NumberedWriter writer;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        cfg = LabConfigs.withOwnState(lab, tmp, yml -> LabConfigs.withDatabaseServer(lab, yml));
    }

    @AfterEach
    void heal(Lab lab) {
        if (writer != null) {
            writer.close();
        }
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_hold");
        lab.heal();
    }

    CheckLabIT.Run hactl(String... args) {
        return CheckLabIT.hactlWith(cfg, args);
    }

    @Test
    void physicalRebuildOfN2_underAWriterThroughTheDbVip_everyAcknowledgedRowOnBothNodes_sameChecksums(Lab lab)
            throws IOException {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "phys-" + System.nanoTime()).start();
        awaitWrites(20);
        // Master failure (II): n2 has a transaction of its own and no longer replicates
        lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only=0; INSERT INTO hactl_demo.demo_writes"
                + " (note) VALUES ('errant on n2'); SET GLOBAL read_only=1;");

        CheckLabIT.Run dry = hactl("db-replica-init", "--node", "n2", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("method: physical (--method auto): n2 and n1 both have mariadb-backup 10.11,"
                + " the servers' major version", "[dry-run]", "swap the data directory");
        assertThat(Files.exists(Path.of(dataDir(lab, "n2") + ".hactl-new"))).as("a dry run changes nothing").isFalse();

        int before = writer.count();
        long t0 = System.nanoTime();
        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "physical");
        double seconds = (System.nanoTime() - t0) / 1e9;
        int during = writer.count() - before;
        System.out.println("[physical-rebuild-output]\n" + r.all());
        System.out.printf(Locale.ROOT, "[lab-figure] physical db-replica-init of n2 (lab database) %.2f s, %d rows"
                + " acknowledged by n1 meanwhile%n", seconds, during);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("method: physical (--method physical): n2 and n1 both have mariadb-backup",
                "the stream: direct n1 -> n2 (database.copy.direct: auto): both nodes have socat and n1 reaches n2 on "
                        + N2_COPY_PORT, "listen for the copy on n2: socat on " + N2_COPY_PORT, "send the copy from n1",
                "copy n1's data files: mariadb-backup --backup --stream=mbstream on n1, mbstream -x on n2 (direct, n1"
                        + " -> " + N2_COPY_PORT + ") ... ok",
                "prepare the copy", "the copy is n1 at GTID", "stop its database server", "swap the data directory",
                "start its database server on the copy", "replicate from n1 from the copy's GTID",
                "MASTER_USE_GTID=slave_pos", "remove the old data directory", "db-sync-check: database hactl_demo");
        assertThat(during).as("the writer went on through the DB VIP during the rebuild").isGreaterThan(10);

        awaitWrites(50);
        writer.close();
        List<Long> acked = writer.acknowledged();
        long max = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(lab.tableChecksums("n2").sums()).isEqualTo(lab.tableChecksums("n1").sums()));
        for (String n : List.of("n1", "n2")) {
            assertThat(sql(lab, n, "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='" + writer.writer()
                    + "' AND n <= " + max)).as("every acknowledged row on " + n).isEqualTo(String.valueOf(acked.size()));
        }
        assertThat(acked).hasSize((int) max);
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='errant on n2'")).isEqualTo("0");
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("1");
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
        assertThat(s.get("Using_Gtid")).isEqualTo("Slave_Pos");
        String data = dataDir(lab, "n2");
        assertThat(Path.of(data + ".hactl-new")).doesNotExist();
        assertThat(Path.of(data + ".hactl-old")).doesNotExist();
        CheckLabIT.Run check = hactl("check");
        assertThat(check.exit()).as(check.all()).isZero();

        List<OperationEntry> log = new TransitionLog(tmp.resolve("state")).read(OperationEntry.class).stream()
                .filter(e -> ReplicaInit.NAME.equals(e.operation())).toList();
        assertThat(log).anyMatch(e -> e.event() == Event.STEP_END && "ok".equals(e.result())
                && e.step().startsWith("copy n1's data files"));
        assertThat(log).anyMatch(e -> e.event() == Event.OPERATION_END && "ok".equals(e.result()));
        assertThat(r.all()).doesNotContain(lab.appPassword());
        assertThat(log).anyMatch(e -> e.event() == Event.STEP_END && "ok".equals(e.result())
                && e.step().startsWith("listen for the copy on n2"));
        assertThat(log).anyMatch(e -> e.event() == Event.STEP_END && "ok".equals(e.result())
                && e.step().startsWith("send the copy from n1"));
        assertThat(pidOf("socat", "TCP-LISTEN:4444")).as("nothing listens on n2 after the copy").isEmpty();
    }

    /** database.copy.direct: off: the same rebuild, the stream through hactl inside the two SSH sessions. */
    @Test
    void directOff_theCopyGoesThroughHactl_insideSsh_andTheRebuildEndsTheSame(Lab lab) throws Exception {
        Files.writeString(cfg, Files.readString(cfg).replace("  server:\n", "  copy:\n    direct: off\n  server:\n"));
        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "physical");
        System.out.println("[physical-rebuild-via-hactl-output]\n" + r.all());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("the stream: through this machine, n1 -> hactl -> n2, inside SSH"
                        + " (database.copy.direct: off)", "mbstream -x on n2 (piped through this machine, inside SSH) ... ok",
                "replicate from n1 from the copy's GTID", "db-sync-check: database hactl_demo")
                .doesNotContain("listen for the copy");
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(lab.tableChecksums("n2").sums()).isEqualTo(lab.tableChecksums("n1").sums()));
    }

    /**
     * The copy's mariadb-backup on n1 is killed by its PID while the copy step runs. To land the kill
     * inside the copy on a 2-core machine where the lab database streams in a third of a second,
     * the test holds a table lock on n1 (a table of its own, binary log off) that keeps
     * mariadb-backup waiting at BACKUP STAGE START; the stream to n2 is open by then.
     */
    @Test
    void aRebuildWhoseCopyIsKilled_leavesN2AsItWas_replicating_andSaysWhy(Lab lab) throws Exception {
        long serverPid = mariadbdPid(lab, "n2");
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; CREATE DATABASE hactl_hold; CREATE TABLE hactl_hold.t (i INT)"
                + " ENGINE=Aria");
        CompletableFuture<String> hold = CompletableFuture.supplyAsync(() -> {
            try {
                return lab.sqlAsRoot("n1", "LOCK TABLES hactl_hold.t WRITE; SELECT SLEEP(120);", Duration.ofSeconds(150));
            } catch (RuntimeException e) {
                return e.getMessage();    // its connection killed below: expected
            }
        });
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !sql(lab, "n1", "SELECT COUNT(*) FROM"
                + " information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(120)%'").equals("0"));

        CompletableFuture<CheckLabIT.Run> run = CompletableFuture.supplyAsync(() ->
                hactl("db-replica-init", "--node", "n2", "--method", "physical"));
        String myCnf = lab.dir().resolve("n1/mysql/my.cnf").toString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !sql(lab, "n1", "SELECT COUNT(*) FROM"
                + " information_schema.PROCESSLIST WHERE INFO LIKE 'BACKUP STAGE START%'").equals("0"));
        long backupPid = await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                pidOf("mariadb-backup", "--defaults-file=" + myCnf, "--backup"), OptionalLong::isPresent).getAsLong();
        assertThat(Path.of(dataDir(lab, "n2") + ".hactl-new")).as("the copy had begun").exists();
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(backupPid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        CheckLabIT.Run r = run.get();
        for (String id : sql(lab, "n1", "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE"
                + " 'SELECT SLEEP(120)%'").split("\\s+")) {
            if (!id.isBlank()) {
                lab.sqlAsRoot("n1", "KILL " + id);
            }
        }
        hold.get();

        System.out.println("[physical-rebuild-killed-output]\n" + r.all());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("the copy stopped: mariadb-backup on n1", "(killed)", "both ends stopped (n1 pid",
                "nothing listens on " + N2_COPY_PORT,
                "n2 is as it was (its server and data untouched, replication runs); the partial copy");
        assertThat(pidOf("socat", "TCP-LISTEN:4444")).as("no listener left on n2").isEmpty();
        assertThat(pidOf("mariadb-backup", "--defaults-file=" + myCnf, "--backup")).as("no sender left on n1").isEmpty();
        assertThat(r.out()).doesNotContain("stop its database server");
        assertThat(mariadbdPid(lab, "n2")).as("n2's server never stopped").isEqualTo(serverPid);
        assertThat(Path.of(dataDir(lab, "n2") + ".hactl-new")).doesNotExist();
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
        String note = "after the killed copy " + System.nanoTime();
        lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(sql(lab, "n2",
                "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'")).isEqualTo("1"));
    }

    /**
     * The server does not start on the copy: its old data directory goes back and it is started on
     * it. Provoked with a start command that fails once (a flag file of the test's own), then
     * starts the server as the lab's does; the row only n2 had proves its old data is back.
     */
    @Test
    void aServerThatDoesNotStartOnTheCopy_getsItsOldDataDirectoryBack_startedAndReplicating(Lab lab) throws Exception {
        Path flag = tmp.resolve("started-once");
        String ctl = lab.dir() + "/bin/mariadb-ctl";
        Files.writeString(cfg, Files.readString(cfg).replace("    start: " + ctl + " start {node}\n",
                "    start: \"if [ -e " + flag + " ]; then " + ctl + " start {node}; else touch " + flag
                        + "; echo no start this time >&2; exit 1; fi\"\n"));
        String note = "only on n2 " + System.nanoTime();
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");

        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "physical");
        System.out.println("[physical-rebuild-no-start-output]\n" + r.all());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("swap the data directory", "start its database server on the copy",
                "the start command failed", "no start this time", "n2 is back on its old data directory "
                        + dataDir(lab, "n2") + ", started (it replicates as before); the copy was removed");
        assertThat(Files.exists(flag)).isTrue();
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'"))
                .as("n2's old data").isEqualTo("1");
        assertThat(Path.of(dataDir(lab, "n2") + ".hactl-old")).doesNotExist();
        assertThat(Path.of(dataDir(lab, "n2") + ".hactl-new")).doesNotExist();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, String> s = lab.replicaStatus("n2");
            assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
        });
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DELETE FROM hactl_demo.demo_writes WHERE note='" + note + "'");
    }

    /**
     * A node without room for the copy, provoked without filling a disk: the config asks for a margin
     * of 1 TB (database.server.free_margin_mb) on top of the data, more than the lab's file system has.
     */
    @Test
    void aNodeWithoutRoomForTheCopy_isRefusedBeforeAnyChange_namingTheNumbers(Lab lab) throws Exception {
        Files.writeString(cfg, Files.readString(cfg).replace("    stop: " + lab.dir() + "/bin/mariadb-ctl stop {node}\n",
                "    stop: " + lab.dir() + "/bin/mariadb-ctl stop {node}\n    free_margin_mb: 1048576\n"));
        long serverPid = mariadbdPid(lab, "n2");
        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "physical");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).containsPattern("REFUSED: n2 has [0-9.]+ [KMG]?B free in " + lab.dir().resolve("n2/mysql")
                .toString().replace(".", "\\.") + ", the copy needs 1\\.0 TB \\(the master's [0-9.]+ [KM]B of data \\+ a"
                + " margin of 1\\.0 TB\\)").contains("database.server.free_margin_mb", "nothing was changed")
                .doesNotContain("create the replication user");
        assertThat(mariadbdPid(lab, "n2")).isEqualTo(serverPid);
        assertThat(Path.of(dataDir(lab, "n2") + ".hactl-new")).doesNotExist();
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
    }

    private void awaitWrites(int more) {
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> writer.count() > before + more);
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private static String dataDir(Lab lab, String node) {
        return lab.dir().resolve(node).resolve("mysql/data").toString();
    }

    private static long mariadbdPid(Lab lab, String node) throws IOException {
        return Long.parseLong(Files.readString(lab.dir().resolve(node).resolve("mysql/mariadbd.pid")).strip());
    }

    /** A process whose command line has every one of {@code parts} (namespaces share the PID space). */
    private static OptionalLong pidOf(String... parts) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue;   // gone meanwhile
                }
                if (Stream.of(parts).allMatch(cmd::contains) && !cmd.startsWith("sh ") && !cmd.contains("mktemp")) {
                    return OptionalLong.of(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return OptionalLong.empty();
    }
}
