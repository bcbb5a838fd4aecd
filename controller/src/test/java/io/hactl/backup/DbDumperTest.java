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
}
