package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump compressed as it comes (db-backup): zstd with a worker thread of its own ({@link Compression#STREAM_WORKERS}),
 * as the zstd program does by default, so compressing overlaps the reading. The file is still one zstd frame with
 * its checksum, read back whole by hactl and by the zstd program.
 */
class CompressionStreamTest {

    @TempDir
    Path dir;

    @Test
    void aStreamedDump_isCompressedByZstdsOwnWorker_andReadsBackWhole_inHactlAndInTheZstdProgram() throws Exception {
        assertThat(Compression.STREAM_WORKERS).as("zstd's asynchronous mode: one worker thread").isEqualTo(1);
        StringBuilder sql = new StringBuilder();
        for (int i = 0; sql.length() < (6 << 20); i++) {
            sql.append("INSERT INTO `t` VALUES (").append(i).append(",'row ").append(i * 7919 % 100003).append("');\n");
        }
        byte[] plain = sql.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream z = Compression.ZSTD.compressStream(packed)) {
            for (int off = 0; off < plain.length; off += 65536) {
                z.write(plain, off, Math.min(65536, plain.length - off));
            }
        }
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(packed.toByteArray()));
        assertThat(Compression.detect(in)).isEqualTo(Compression.ZSTD);
        try (InputStream back = Compression.ZSTD.decompress(in)) {
            assertThat(back.readAllBytes()).isEqualTo(plain);
        }
        Path file = dir.resolve("dump.sql.zst");
        Files.write(file, packed.toByteArray());
        if (Files.isExecutable(Path.of("/usr/bin/zstd"))) {
            Process p = new ProcessBuilder("/usr/bin/zstd", "-q", "-t", "--", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("zstd -t: %s", out).isZero();
        }
        assertThat(Compression.GZIP.compressStream(new ByteArrayOutputStream())).as("gzip has no workers: as before")
                .isInstanceOf(java.util.zip.GZIPOutputStream.class);
    }
}
