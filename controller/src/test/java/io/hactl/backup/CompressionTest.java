package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressionTest {

    /**
     * db-backup compresses with one zstd worker (the dump scanned, hashed and written by its own thread while the
     * worker compresses, as the zstd program does: 1.08-1.14x of the pipe against 1.26-1.32x without, interleaved,
     * docs/runbook-backup.md): the frame is the same format, read back by hactl and by the zstd program.
     */
    @Test
    void oneWorker_writesAFrameThatReadsBackWhole() throws Exception {
        byte[] sql = "INSERT INTO t VALUES (1,'a'),(2,'b');\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        for (int workers : new int[] {0, 1}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            try (OutputStream z = Compression.ZSTD.compress(file, workers)) {
                for (int i = 0; i < sql.length; i += 65_536) {
                    z.write(sql, i, Math.min(65_536, sql.length - i));
                }
            }
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(file.toByteArray()));
            assertThat(Compression.detect(in)).isEqualTo(Compression.ZSTD);
            assertThat(file.size()).as("compressed").isLessThan(sql.length / 10);
            assertThat(Compression.ZSTD.decompress(in).readAllBytes()).as(workers + " worker(s)").isEqualTo(sql);
        }
    }
}
