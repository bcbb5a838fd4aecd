package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    /**
     * A child process writes the file itself (its standard output is the temporary file: the physical backup's ssh
     * client); {@link AtomicFile#absorb} takes in what it appended, while it writes and after: counted, hashed and
     * handed to the disk as if written here, then committed under its name, its mode 0600 kept.
     */
    @Test
    void aFileWrittenByAChild_isTakenInAsItGrows_hashedCountedAndHandedToTheDisk_thenCommitted() throws Exception {
        Path source = dir.resolve("source");
        byte[] chunk = new byte[1 << 20];
        new Random(20).nextBytes(chunk);
        long total = 2 * AtomicFile.FLUSH_EVERY + 4321;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(source)) {
            for (long n = 0; n < total; ) {
                int len = (int) Math.min(chunk.length, total - n);
                out.write(chunk, 0, len);
                md.update(chunk, 0, len);
                n += len;
            }
        }
        AtomicFile f = AtomicFile.create(dir.resolve("database-1.tar.zst"));
        // the child writes its first MB, then (a pause it takes itself) the rest
        LocalProgram cat = LocalProgram.startInto(java.util.List.of("sh", "-c", "head -c 1048576 -- \"$1\"; sleep 0.3;"
                + " tail -c +1048577 -- \"$1\"", "sh", source.toString()), f.temp());
        boolean sawTheFirstMb = false;
        boolean ended;
        do {
            ended = cat.ended(Duration.ofMillis(5));
            f.absorb();
            sawTheFirstMb |= f.bytes() == 1 << 20;
        } while (!ended);
        assertThat(cat.await(Duration.ofSeconds(5))).isZero();
        f.absorb();

        assertThat(f.bytes()).isEqualTo(total);
        assertThat(sawTheFirstMb).as("taken in as it came: the first MB alone, during the child's pause").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> f.flushes() >= 1);
        f.commit();
        Path file = dir.resolve("database-1.tar.zst");
        assertThat(Files.size(file)).isEqualTo(total);
        assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aFileBeingWrittenHere_isNotTakenInAsIfAChildWroteIt() throws Exception {
        AtomicFile f = AtomicFile.create(dir.resolve("database-1.tar.zst"));
        f.write(new byte[10], 0, 10);
        assertThatThrownBy(f::absorb).isInstanceOf(IllegalStateException.class).hasMessageContaining("written here");
        f.abort();
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
