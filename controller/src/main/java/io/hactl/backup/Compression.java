package io.hactl.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a dump file is compressed, chosen by its name when writing ({@code .zst}, {@code .gz},
 * anything else: plain) and by its first bytes when reading (so a misnamed file still reads).
 * zstd runs in-process (zstd-jni): level 3 with a frame checksum, so a damaged file is
 * noticed when it is read back; files are readable with the {@code zstd} program too.
 */
public enum Compression {
    NONE(""), GZIP(".gz"), ZSTD(".zst");

    /** zstd's level: 3 (its default) compresses SQL text about as well as gzip -6, many times faster. */
    public static final int ZSTD_LEVEL = 3;
    public static final int GZIP_LEVEL = 6;

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public static Compression forFileName(String name) {
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            return ZSTD;
        }
        if (name.endsWith(".gz")) {
            return GZIP;
        }
        return NONE;
    }

    /** Reads the magic number (without consuming it): zstd 28 B5 2F FD, gzip 1F 8B; else plain. */
    public static Compression detect(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] m = in.readNBytes(4);
        in.reset();
        if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                && (m[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        return NONE;
    }

    /**
     * A compressing stream over {@code out}; closing it finishes the frame and closes {@code out}. {@code workers}:
     * zstd's worker threads (0: it compresses in the writing thread; 1 or more: beside it); gzip ignores it.
     */
    public OutputStream compress(OutputStream out, int workers) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(GZIP_LEVEL);
                }
            };
            case ZSTD -> {
                ZstdOutputStream z = new ZstdOutputStream(out, ZSTD_LEVEL);
                z.setChecksum(true);
                if (workers > 0) {
                    z.setWorkers(workers);
                }
                yield z;
            }
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    public String label() {
        return switch (this) {
            case NONE -> "plain";
            case GZIP -> "gzip";
            case ZSTD -> "zstd";
        };
    }
}
