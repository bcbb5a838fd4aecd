package io.hactl.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file that appears under its name only when complete: written to a hidden temporary
 * name beside it ({@code .NAME.partial-PID}), fsynced, renamed over the name, and the
 * directory fsynced. A crash, a kill or a full disk leaves the old file (if any) as it was
 * and at worst a {@code .partial} file, never a half file under the real name. The bytes
 * written are counted and hashed (SHA-256) on the way.
 */
public final class AtomicFile extends OutputStream {

    static final String PARTIAL = ".partial-";

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long bytes;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the temporary file (mode 0600: a dump holds the whole database) beside {@code target}. */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + PARTIAL + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        FileChannel ch = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new AtomicFile(abs, temp, ch);
    }

    /** True for the temporary files this class makes (left behind only by a killed run). */
    public static boolean isPartial(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.contains(PARTIAL);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sha256.update(b, off, len);
        bytes += len;
        while (len > 0) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    /** Closing without {@link #commit()} keeps the stream open for commit; use {@link #abort()} to give up. */
    @Override
    public void close() {
        // the compressor closes its underlying stream when it finishes: commit() or abort() decide
    }

    /** Flushes, fsyncs, renames over the target and fsyncs the directory. */
    public void commit() throws IOException {
        drain();
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(target.getParent());
        done = true;
    }

    /** Deletes the temporary file; the target is untouched. Never throws. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // left as .partial: the next backup removes it
        }
    }

    public long bytes() {
        return bytes;
    }

    public String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    public Path target() {
        return target;
    }

    public Path temp() {
        return temp;
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Writes small content (a manifest) atomically. */
    public static String writeAtomically(Path target, byte[] content) throws IOException {
        AtomicFile f = create(target);
        try {
            f.write(content, 0, content.length);
            String hash = f.sha256();
            f.commit();
            return hash;
        } catch (IOException | RuntimeException e) {
            f.abort();
            throw e;
        }
    }
}
