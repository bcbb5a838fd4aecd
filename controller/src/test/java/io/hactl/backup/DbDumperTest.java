package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DbDumper against a stand-in dump tool (a script that prints a prepared dump): the tool's output is read by a
 * thread of its own, ahead of a slow sink (a compressor), so mariadb-dump never waits on a full 64 KB pipe while
 * the sink compresses; every byte still reaches the sink in order, and a sink that fails still stops the tool.
 */
class DbDumperTest {

    static final DbEndpoint E = new DbEndpoint("198.51.100.11", 3306, null, "hactl", "pw", "db");
    static final ServerFacts FACTS = new ServerFacts("10.11.19-MariaDB", true, false, 1, "h", 3306, "/d", true, "", null);

    @TempDir
    Path dir;

    /** A dump of about {@code bytes}: header, INSERT lines, the "Dump completed" line. */
    private byte[] dump(int bytes) {
        StringBuilder b = new StringBuilder("-- MariaDB dump 10.19\n--\n-- Host: h    Database: db\n"
                + "--\n-- Table structure for table `t`\n--\n\nCREATE TABLE `t` (id int);\n");
        int i = 0;
        while (b.length() < bytes) {
            b.append("INSERT INTO `t` VALUES (").append(i++).append(",'").append("x".repeat(200)).append("');\n");
        }
        return b.append("-- Dump completed on 2026-12-06 12:00:00\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A tool that prints {@code content}, then creates {@code done} and exits 0. */
    private Path tool(byte[] content, Path done) throws IOException {
        Path file = dir.resolve("dump.sql");
        Files.write(file, content);
        Path tool = dir.resolve("dump-tool");
        Files.writeString(tool, "#!/bin/sh\ncat '" + file + "'\ntouch '" + done + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    @Test
    void theToolsOutput_isReadAheadOfASlowSink_soTheToolNeverWaitsOnThePipe() throws Exception {
        byte[] content = dump(3 << 20);
        Path done = dir.resolve("tool-done");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                // the sink takes nothing until the tool has printed all of its 3 MB (a 64 KB pipe holds less)
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(done));
                got.write(b, off, len);
            }
        };
        DbDumper.Result r = new DbDumper(tool(content, done)).dump(E, FACTS, slow, Progress.silent(), Duration.ofSeconds(60));
        assertThat(got.toByteArray()).as("every byte, in order").isEqualTo(content);
        assertThat(r.bytes()).isEqualTo(content.length);
        assertThat(r.tables()).isEqualTo(1);
    }

    @Test
    void aSinkThatFails_stopsTheTool_andSaysWhy() throws Exception {
        Path done = dir.resolve("tool-done");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertThatThrownBy(() -> new DbDumper(tool(dump(8 << 20), done)).dump(E, FACTS, full, Progress.silent(),
                Duration.ofSeconds(60))).isInstanceOf(UncheckedIOException.class).hasMessageContaining("No space left");
        assertThat(done).as("the tool was stopped before it printed everything").doesNotExist();
    }

    // ------------------------------------------------------------------ mariadb-dump | zstd, the file out of the pipeline

    /** The stand-in tool's dump as MySQL's mysqldump writes it: its position and GTID at the top. */
    private byte[] positioned(int bytes) {
        String head = "-- MySQL dump 10.13\n--\n-- Host: h    Database: db\n--\n"
                + "-- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000003', MASTER_LOG_POS=4567;\n"
                + "-- SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77';\n";
        String d = new String(dump(bytes), StandardCharsets.UTF_8);
        return (head + d.substring(d.indexOf("--\n-- Table structure"))).getBytes(StandardCharsets.UTF_8);
    }

    private static final ServerFacts MYSQL = new ServerFacts("8.0.36", false, false, 1, "h", 3306, "/d", true, "",
            null);

    private Path zstd() {
        Path z = DbDumper.zstdTool();
        org.junit.jupiter.api.Assumptions.assumeTrue(z != null, "the zstd program on this machine");
        return z;
    }

    @Test
    void throughZstd_theFileIsTheDumpCompressed_hashedAndCounted_itsPositionFromItsHead() throws Exception {
        byte[] content = positioned(6 << 20);
        Path done = dir.resolve("tool-done");
        AtomicFile f = AtomicFile.create(dir.resolve("db.sql.zst"));
        DbDumper.Result r = new DbDumper(tool(content, done), zstd()).dumpInto(E, MYSQL, null, f, 7,
                Progress.silent(), Duration.ofSeconds(60));
        f.commit();

        Path file = dir.resolve("db.sql.zst");
        assertThat(r.bytes()).as("the SQL's bytes, zstd's count").isEqualTo(content.length);
        assertThat(r.tables()).as("the server's count, given").isEqualTo(7);
        assertThat(r.database()).isEqualTo("db");
        assertThat(r.binlogFile()).isEqualTo("binlog.000003");
        assertThat(r.binlogPosition()).isEqualTo(4567L);
        assertThat(r.gtid()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77");
        assertThat(f.bytes()).isEqualTo(Files.size(file));
        assertThat(f.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(Files.readAllBytes(file))));
        try (var in = Compression.ZSTD.decompress(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).as("the dump, every byte, in order").isEqualTo(content);
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void throughZstd_aToolThatFails_isNamedWithItsError() throws Exception {
        Path tool = dir.resolve("dump-tool");
        Files.writeString(tool, "#!/bin/sh\nprintf -- '-- MySQL dump\\n'\necho 'mariadb-dump: Got error: 1045: Access"
                + " denied for user' >&2\nexit 2\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        AtomicFile f = AtomicFile.create(dir.resolve("db.sql.zst"));
        assertThatThrownBy(() -> new DbDumper(tool, zstd()).dumpInto(E, MYSQL, null, f, 1, Progress.silent(),
                Duration.ofSeconds(60))).isInstanceOf(DbToolException.class).hasMessageContaining("Access denied");
        f.abort();
        try (var l = Files.list(dir)) {
            assertThat(l.map(p -> p.getFileName().toString())).doesNotContain("db.sql.zst");
        }
    }

    /** zstd that cannot write (a full disk): the dump is stopped with it and the failure is a write's, named. */
    @Test
    void throughZstd_aZstdThatCannotWrite_stopsTheDump_andSaysWhy() throws Exception {
        Path tool = dir.resolve("dump-tool");     // writes until it is stopped
        Files.write(dir.resolve("dump.sql"), dump(1 << 20));
        Files.writeString(tool, "#!/bin/sh\nwhile :; do cat '" + dir.resolve("dump.sql") + "'; done\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        Path z = dir.resolve("zstd");
        Files.writeString(z, "#!/bin/sh\nhead -c 100000 >/dev/null\necho 'zstd: error 70 : Write error : cannot write"
                + " block : No space left on device' >&2\nexit 70\n");
        Files.setPosixFilePermissions(z, PosixFilePermissions.fromString("rwx------"));
        AtomicFile f = AtomicFile.create(dir.resolve("db.sql.zst"));
        // returns at once: the dump, which never ends by itself, was stopped (a wait for it would take 60 s)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> new DbDumper(tool, z).dumpInto(E, MYSQL, null, f, 1, Progress.silent(),
                        Duration.ofSeconds(60))).isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("zstd exited 70").hasMessageContaining("No space left on device"));
        f.abort();
    }

    @Test
    void zstdsCounts_areReadFromItsSummary() {
        assertThat(DbDumper.zstdCounts("Using stdin for input \n/*stdin*\\   : 23.06%   (1243323418 B => 286736874 B,"
                + " /*stdout*\\) \n")).containsExactly(1243323418L, 286736874L);
        assertThat(DbDumper.zstdCounts("(1243323418 => 286736874 bytes, /*stdout*\\)")).as("zstd 1.4")
                .containsExactly(1243323418L, 286736874L);
        assertThat(DbDumper.zstdCounts("(6291675 B =>  42356 B, /*stdout*\\)")).as("padded").containsExactly(6291675L,
                42356L);
        assertThat(DbDumper.zstdCounts("zstd: error")).isNull();
    }
}
