package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of backups that need no server: files, compression, option files, the store, verify, progress. */
class BackupUnitTest {

    @TempDir
    Path dir;

    @Test
    void optionFileIsPrivateEscapesAndIsDeleted() throws IOException {
        Path file;
        try (OptionFile o = OptionFile.forPassword("p\"a\\ss #1 'x")) {
            file = o.file();
            assertThat(o.arguments()).containsExactly("--defaults-extra-file=" + file);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            assertThat(Files.readString(file)).contains("[client]\npassword=\"p\\\"a\\\\ss #1 'x\"\n");
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
        try (OptionFile none = OptionFile.forPassword(null)) {
            assertThat(none.arguments()).isEmpty();
        }
        assertThatThrownBy(() -> OptionFile.text("a\nb")).hasMessageContaining("line break");
    }

    @Test
    void atomicFileAppearsOnlyOnCommitAndAbortLeavesTheOldOne() throws IOException {
        Path target = dir.resolve("x.sql");
        Files.writeString(target, "old");
        AtomicFile f = AtomicFile.create(target);
        f.write("new content".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(AtomicFile.isPartial(f.temp())).isTrue();
        f.abort();
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(f.temp()).doesNotExist();

        AtomicFile g = AtomicFile.create(target);
        g.write("new content".getBytes(StandardCharsets.UTF_8));
        g.commit();
        assertThat(Files.readString(target)).isEqualTo("new content");
        assertThat(g.bytes()).isEqualTo(11);
        assertThat(g.sha256()).isEqualTo("fe32608c9ef5b6cf7e3f946480253ff76f24f4ec0678f3d0f07f9844cbff9601");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void compressionIsChosenByNameAndReadByMagic() throws IOException {
        assertThat(Compression.forFileName("a.sql.zst")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.forFileName("a.sql.gz")).isEqualTo(Compression.GZIP);
        assertThat(Compression.forFileName("a.sql")).isEqualTo(Compression.NONE);
        byte[] text = "-- MariaDB dump\nSELECT 1;\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream z = c.compress(bytes, c == Compression.ZSTD ? 2 : 0)) {
                z.write(text);
            }
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(Compression.detect(in)).isEqualTo(c);
            assertThat(Compression.detect(in).decompress(in).readAllBytes()).isEqualTo(text);
        }
    }

    @Test
    void storeKeepsDaysTodayIncludedAndRemovesEmptyParents() throws IOException {
        BackupStore store = new BackupStore(dir.resolve("b"));
        for (String d : List.of("2025-12-30", "2026-01-01", "2026-01-05", "2026-01-06", "2026-01-07")) {
            Files.writeString(store.createDayDir(LocalDate.parse(d)).resolve("x"), "x");
        }
        Files.createDirectories(dir.resolve("b/2026/01/notaday"));
        assertThat(store.days()).hasSize(5);
        LocalDate today = LocalDate.parse("2026-01-07");
        assertThat(store.expired(today, 3)).containsExactly(LocalDate.parse("2025-12-30"), LocalDate.parse("2026-01-01"));
        for (LocalDate d : store.expired(today, 3)) {
            store.deleteDay(d);
        }
        assertThat(dir.resolve("b/2025")).doesNotExist();
        assertThat(dir.resolve("b/2026/01/01")).doesNotExist();
        assertThat(dir.resolve("b/2026/01/05/x")).exists();
        assertThat(store.tryLock()).isPresent().get().satisfies(l -> {
            try (l) {
                assertThat(store.tryLock()).isEmpty();
            }
        });
    }

    @Test
    void verifyFindsAFlippedByteAMissingFileAndLeftovers() throws IOException {
        Path day = Files.createDirectories(dir.resolve("2026/01/07"));
        byte[] sql = "-- MariaDB dump\n-- Host: x    Database: d\nINSERT INTO t VALUES (1);\n-- Dump completed on 2026\n"
                .getBytes(StandardCharsets.UTF_8);
        AtomicFile f = AtomicFile.create(day.resolve("database-120000.sql.zst"));
        try (OutputStream z = Compression.ZSTD.compress(f, 0)) {
            z.write(sql);
        }
        String hash = f.sha256();
        f.commit();
        Manifest.Entry e = new Manifest.Entry("database", "database-120000.sql.zst", f.bytes(), hash, sql.length, "zstd",
                Instant.now(), Instant.now(), "n2", "replica", "d", "0-1-5", "binlog.000001", 42L, null, null);
        Manifest.Entry gone = new Manifest.Entry("tomcat", "tomcat-120000.tar.zst", 10, "00", 20, "zstd", Instant.now(),
                Instant.now(), "n1", null, null, null, null, null, List.of("/opt/tomcat"), null);
        Manifest m = new Manifest(1, "dev", "lab", "2026-01-07", "120000", Instant.now(), Instant.now(), "h", List.of(e));
        AtomicFile.writeAtomically(day.resolve(Manifest.FILE), m.toJson());
        Files.writeString(day.resolve(".tomcat-130000.tar.zst.partial-42"), "x");

        BackupVerifier.Report good = BackupVerifier.verify(day).orElseThrow();
        assertThat(good.ok()).isTrue();
        assertThat(good.warnings()).singleElement().asString().contains("left by an interrupted backup");
        assertThat(Manifest.read(day).orElseThrow().entry("database").orElseThrow().gtid()).isEqualTo("0-1-5");

        byte[] raw = Files.readAllBytes(day.resolve(e.file()));
        raw[raw.length / 2] ^= 0x01;
        Files.write(day.resolve(e.file()), raw);
        BackupVerifier.Report bad = BackupVerifier.verify(day).orElseThrow();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.checks().get(0).problem()).contains("SHA-256 differs");

        Manifest withGone = new Manifest(1, "dev", "lab", "2026-01-07", "120000", Instant.now(), Instant.now(), "h",
                List.of(gone));
        AtomicFile.writeAtomically(day.resolve(Manifest.FILE), withGone.toJson());
        assertThat(BackupVerifier.verify(day).orElseThrow().checks().get(0).problem()).isEqualTo("missing");
        assertThat(BackupVerifier.verify(dir)).isEmpty();
    }

    @Test
    void tarCommandQuotesEveryArgument() {
        assertThat(TarCommand.create(List.of("/opt/tom cat/conf", "/srv/it's"), List.of("*.pid")))
                .isEqualTo("tar -C / -cf - --exclude='*.pid' -- 'opt/tom cat/conf' 'srv/it'\\''s'");
    }

    @Test
    void databaseNamesCannotCarrySql() {
        assertThat(DbNames.valid("hactl_demo")).isTrue();
        assertThat(DbNames.valid("x`; DROP DATABASE y; --")).isFalse();
        assertThat(DbNames.valid("a b")).isFalse();
        assertThat(DbNames.valid("a".repeat(65))).isFalse();
        assertThat(DbNames.whyNot("x'\n", "-D")).contains("-D 'x'?' is not a database name");
        assertThatThrownBy(() -> DbNames.quoted("a`b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchOutputIsParsedWithNullsAndEscapes() {
        var rows = SqlClient.parseBatch("a\tb\n1\tNULL\nx\\ty\tz\\\\w\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("a", "1").containsEntry("b", null);
        assertThat(rows.get(1)).containsEntry("a", "x\ty").containsEntry("b", "z\\w");
        assertThat(SqlClient.parseBatch("")).isEmpty();
        assertThat(SqlClient.cleanError("mariadb: [ERROR] ERROR 1045 (28000): Access denied", 1))
                .isEqualTo("ERROR 1045 (28000): Access denied");
    }

    @Test
    void dumpOptionsRecordThePositionOnlyWhenTheServerHasABinlogAndOptionInjectionIntoMariadbDumpEndsAtDashDash() {
        ServerFacts maria = new ServerFacts("10.11.19-MariaDB", true, false, 1, "h", 3306, "/d", true, "0-1-1", null);
        assertThat(DbDumper.dumpOptions(maria, "db")).containsExactly("--single-transaction", "--routines", "--triggers",
                "--events", "--hex-blob", "--default-character-set=utf8mb4", "--max-allowed-packet=1G",
                "--master-data=2", "--gtid", "--", "db");
        ServerFacts noBinlog = new ServerFacts("8.0.36", false, false, 1, "h", 3306, "/d", false, "", null);
        assertThat(DbDumper.dumpOptions(noBinlog, "db")).doesNotContain("--master-data=2", "--gtid");
        assertThat(DbLoader.loadOptions("db", true)).contains("--init-command=SET SESSION sql_log_bin=0", "--database=db");
        assertThat(DbLoader.loadOptions("db", false)).noneMatch(a -> a.startsWith("--init-command"));
    }

    @Test
    void progressOnATerminalRedrawsOneLineAndPlainPrintsSeldom() {
        AtomicLong now = new AtomicLong();
        StringWriter s = new StringWriter();
        Progress tty = new Progress(new PrintWriter(s), true, now::get);
        tty.start("dump db", 100L << 20, 10);
        now.set(1_000_000_000L);
        tty.update(25L << 20, 3, "orders");
        now.set(1_100_000_000L);
        tty.update(26L << 20, 3, "orders");      // within 250 ms: not drawn
        tty.finish();
        assertThat(s.toString()).isEqualTo("\r\033[Kdump db  25.0 MB  table 3/10 orders  25.0 MB/s  ETA ~0:03\r\033[K");

        StringWriter p = new StringWriter();
        Progress plain = new Progress(new PrintWriter(p), false, now::get);
        now.set(0);
        plain.start("copy db", 0, 0);
        now.set(1_000_000_000L);
        plain.update(1L << 20, 0, null);
        now.set(16_000_000_000L);
        plain.update(32L << 20, 0, null);
        plain.finish();
        assertThat(p.toString()).isEqualTo("      ... copy db  32.0 MB  2.0 MB/s\n");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KB");
    }

    /** Issue 12 item 2: du gets the end of options before the (quoted) paths. */
    @Test
    void optionInjectionDuOfTheComponentPathsEndsItsOptionsFirst() {
        assertThat(BackupRun.duCommand(List.of("/var/lib/x", "/opt/it's")))
                .isEqualTo("du -sbc -- '/var/lib/x' '/opt/it'\\''s' 2>/dev/null | tail -n 1");
    }

    /**
     * Issue 12, "Error messages quote server output whole": a failed copy printed ~10 KB of row
     * data before the server's error. The quote is cut (saying how much), the error line is whole.
     */
    @Test
    void errorMessagesQuoteServerOutputCappedKeepingTheServerErrorLineWhole() throws IOException {
        String error = "ERROR 1114 (HY000) at line 31: The table 't' is full";
        StringBuilder rows = new StringBuilder("INSERT INTO `t` VALUES ");
        for (int i = 0; rows.length() < 10_000; i++) {
            rows.append("(").append(i).append(",'").append("x".repeat(40)).append("'),");
        }
        StderrTail tail = new StderrTail();
        tail.write((rows + "\n" + "mariadb: " + error + "\n").getBytes(StandardCharsets.UTF_8));
        String message = SqlClient.cleanError(tail.errorLines(), 1);
        assertThat(message).hasSizeLessThan(600).contains(error).startsWith("INSERT INTO `t` VALUES (0,'x")
                .containsPattern("\\(\\d+ characters cut\\)");

        // the error on the same line as the data (no line break before it): still whole
        StderrTail oneLine = new StderrTail();
        oneLine.write((rows + error).getBytes(StandardCharsets.UTF_8));
        assertThat(SqlClient.cleanError(oneLine.errorLines(), 1)).hasSizeLessThan(600).endsWith(error);

        // short output is quoted as it is
        StderrTail small = new StderrTail();
        small.write("mariadb-dump: Got error: 1045: \"Access denied\" when trying to connect\n".getBytes(StandardCharsets.UTF_8));
        assertThat(SqlClient.cleanError(small.errorLines(), 2))
                .isEqualTo("Got error: 1045: \"Access denied\" when trying to connect");
    }
}
