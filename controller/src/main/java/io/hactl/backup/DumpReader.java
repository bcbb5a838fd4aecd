package io.hactl.backup;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a dump file, plain, gzip or zstd (told by its first bytes), counting the file's
 * bytes read (for progress) and passing the SQL through a {@link DumpScanner} (the header's
 * database, the position, and whether the dump is complete).
 */
public final class DumpReader implements AutoCloseable {

    static final int HEADER_PEEK = 64 * 1024;

    private final Counting file;
    private final Compression compression;
    private final BufferedInputStream sql;
    private final DumpScanner scanner = new DumpScanner();
    private final String headerDatabase;
    private final boolean looksLikeDump;
    private final long size;

    public DumpReader(Path path) throws IOException {
        this.size = Files.size(path);
        this.file = new Counting(Files.newInputStream(path));
        BufferedInputStream raw = new BufferedInputStream(file, 1 << 16);
        try {
            this.compression = Compression.detect(raw);
            this.sql = new BufferedInputStream(compression.decompress(raw), 1 << 16);
            sql.mark(HEADER_PEEK);
            byte[] head = sql.readNBytes(HEADER_PEEK);
            sql.reset();
            DumpScanner peek = new DumpScanner();
            peek.accept(head, 0, head.length);
            this.headerDatabase = peek.database();
            String start = new String(head, 0, Math.min(head.length, 512), java.nio.charset.StandardCharsets.UTF_8);
            this.looksLikeDump = start.contains("-- MariaDB dump") || start.contains("-- MySQL dump");
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** The SQL, scanned as it is read. */
    public InputStream sql() {
        return new FilterInputStream(sql) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    scanner.accept(b, off, n);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    public Compression compression() {
        return compression;
    }

    /** The database named in the dump's header, or null. */
    public String headerDatabase() {
        return headerDatabase;
    }

    public boolean looksLikeDump() {
        return looksLikeDump;
    }

    public long fileBytesRead() {
        return file.count;
    }

    public long size() {
        return size;
    }

    public DumpScanner scanner() {
        return scanner;
    }

    @Override
    public void close() throws IOException {
        sql.close();
    }

    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
