package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's file is handed to the disk as it is written (a background fsync every {@link AtomicFile#FLUSH_EVERY}
 * bytes), so the fsync of its commit has only the last part left: on this machine's disk the fsync of a 200 MB
 * file written without one took 1–2 s, after the dump, where the shell pipe it is compared with has none.
 */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aLongWrite_isHandedToTheDiskAsItGoes_theCommitStillFsyncsAll_theContentAndSha256Intact() throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(18).nextBytes(chunk);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long total = 3 * AtomicFile.FLUSH_EVERY + 12345;
        AtomicFile f = AtomicFile.create(dir.resolve("database-1.tar.zst"));
        for (long n = 0; n < total; ) {
            int len = (int) Math.min(chunk.length, total - n);
            f.write(chunk, 0, len);
            md.update(chunk, 0, len);
            n += len;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> f.flushes() >= 2);
        assertThat(Files.exists(dir.resolve("database-1.tar.zst"))).as("not under its name before the commit")
                .isFalse();

        f.commit();

        assertThat(f.bytes()).isEqualTo(total);
        assertThat(Files.size(dir.resolve("database-1.tar.zst"))).isEqualTo(total);
        assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("database-1.tar.zst");
        }
    }

    @Test
    void aShortWrite_isNotFlushedBeforeItsCommit() throws Exception {
        AtomicFile f = AtomicFile.create(dir.resolve("manifest.json"));
        f.write(new byte[1000], 0, 1000);
        f.commit();
        assertThat(f.flushes()).isZero();
    }

    @Test
    void anAbortedFile_stopsItsFlushes_andLeavesNothing() throws Exception {
        AtomicFile f = AtomicFile.create(dir.resolve("database-2.sql.zst"));
        byte[] chunk = new byte[1 << 20];
        for (long n = 0; n < 2 * AtomicFile.FLUSH_EVERY; n += chunk.length) {
            f.write(chunk, 0, chunk.length);
        }
        f.abort();
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
