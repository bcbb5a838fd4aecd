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
 * written are counted and hashed (SHA-256) on the way, and handed to the disk as they go (an
 * fsync in the background every {@link #FLUSH_EVERY} bytes), so the commit's own fsync has only
 * the last part left.
 */
public final class AtomicFile extends OutputStream {

    static final String PARTIAL = ".partial-";
    /**
     * The bytes written between two background fsyncs. On this machine's disk the fsync of a 200 MB file written
     * without one took 1–2 s, all of it after the dump (the shell pipe a backup is compared with has none); in the
     * background it overlaps the dump, which waits on its tools, not on the disk.
     */
    static final long FLUSH_EVERY = 32L << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long bytes;
    private boolean done;
    private long unflushed;
    private Thread flusher;
    private final java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
    private volatile IOException flushFailure;

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
        FileChannel ch = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ),
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

    /**
     * Takes in what another process has appended to {@link #temp()} since the last call (a child whose standard
     * output is that file: its bytes go to the disk without crossing this process): hashed and counted as if
     * written here, and handed to the disk in the background as written bytes are. The bytes taken in now (0: the
     * file has not grown). A file is written one way only: this, or {@link #write}.
     */
    public long absorb() throws IOException {
        if (buffer.position() > 0) {
            throw new IllegalStateException(temp.getFileName() + " is being written here: nothing to take in");
        }
        failed();
        long taken = 0;
        int n;
        while ((n = channel.read(buffer.clear(), bytes)) > 0) {
            buffer.flip();
            sha256.update(buffer);
            bytes += n;
            taken += n;
        }
        buffer.clear();
        unflushed += taken;
        flushInBackground();
        return taken;
    }

    private void drain() throws IOException {
        failed();
        buffer.flip();
        unflushed += buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        flushInBackground();
    }

    /** An fsync started in the background once {@link #FLUSH_EVERY} bytes came since the last (none while one runs). */
    private void flushInBackground() {
        if (unflushed >= FLUSH_EVERY && (flusher == null || !flusher.isAlive())) {
            unflushed = 0;
            flusher = new Thread(this::handToDisk, "backup-fsync");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    /** The background fsync: what is written so far handed to the disk; a failure (a full disk) kept for the writer. */
    private void handToDisk() {
        try {
            channel.force(false);
            flushes.incrementAndGet();
        } catch (java.nio.channels.ClosedChannelException e) {
            // aborted: nothing to hand over
        } catch (IOException e) {
            flushFailure = e;
        }
    }

    /** A background fsync's failure, thrown to the writer (the next write, or the commit). */
    private void failed() throws IOException {
        IOException e = flushFailure;
        if (e != null) {
            throw new IOException("handing " + temp.getFileName() + " to the disk failed: " + e.getMessage(), e);
        }
    }

    /** The background fsyncs done so far (tests, figures). */
    int flushes() {
        return flushes.get();
    }

    private void awaitFlusher() throws IOException {
        Thread t = flusher;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was handed to the disk");
            }
        }
        failed();
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
        awaitFlusher();
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
