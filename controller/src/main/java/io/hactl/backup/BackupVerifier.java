package io.hactl.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Re-reads a day's files against its manifest: each file is there, has the recorded size
 * and SHA-256, and decompresses to its end (zstd checks its own frame checksum); a
 * database dump must end with mariadb-dump's "-- Dump completed" line. One read per file.
 */
public final class BackupVerifier {

    /** One file's verdict; {@code problem} null when it is good. */
    public record Check(String component, String file, long bytes, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** The day's verdicts, and warnings about files the manifest does not name. */
    public record Report(Path day, Manifest manifest, List<Check> checks, List<String> warnings) {
        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    private BackupVerifier() {
    }

    /** Empty when the day has no manifest. */
    public static Optional<Report> verify(Path day) throws IOException {
        Optional<Manifest> m = Manifest.read(day);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        List<Check> checks = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Manifest.Entry e : m.get().components()) {
            named.add(e.file());
            checks.add(check(day, e));
        }
        List<String> warnings = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(day)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (n.equals(Manifest.FILE) || named.contains(n)) {
                    continue;
                }
                warnings.add(AtomicFile.isPartial(p) ? n + ": left by an interrupted backup (the next backup removes it)"
                        : n + ": not in the manifest (not part of this day's backup)");
            }
        }
        return Optional.of(new Report(day, m.get(), checks, warnings));
    }

    /** One file of the day against its manifest entry (restore-node checks its backup with it before any change). */
    public static Check check(Path day, Manifest.Entry e) {
        Path f = day.resolve(e.file());
        if (!f.normalize().startsWith(day.normalize())) {
            return new Check(e.component(), e.file(), 0, "the manifest names a file outside the day's directory");
        }
        if (!Files.isRegularFile(f)) {
            return new Check(e.component(), e.file(), 0, "missing");
        }
        long size;
        try {
            size = Files.size(f);
        } catch (IOException ex) {
            return new Check(e.component(), e.file(), 0, "unreadable: " + ex.getMessage());
        }
        if (size != e.bytes()) {
            return new Check(e.component(), e.file(), size, "size " + size + " bytes, the manifest says " + e.bytes());
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        try (InputStream file = new DigestInputStream(Files.newInputStream(f), sha)) {
            file.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ex) {
            return new Check(e.component(), e.file(), size, "unreadable: " + ex.getMessage());
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(e.sha256())) {
            return new Check(e.component(), e.file(), size, "SHA-256 differs from the manifest's: the file was changed"
                    + " or damaged since it was written");
        }
        // the bytes are the ones written; now that they decompress to the end (zstd checks its frame checksum)
        DumpScanner scanner = new DumpScanner();
        long raw = 0;
        try (InputStream in = Compression.valueOf(e.compression() == null ? "ZSTD"
                : e.compression().toUpperCase(java.util.Locale.ROOT)).decompress(Files.newInputStream(f))) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                raw += n;
                if (e.database() != null) {
                    scanner.accept(buf, 0, n);
                }
            }
        } catch (IOException | RuntimeException ex) {
            return new Check(e.component(), e.file(), size, "does not decompress: " + ex.getMessage());
        }
        if (raw != e.rawBytes()) {
            return new Check(e.component(), e.file(), size, "decompresses to " + raw + " bytes, the manifest says "
                    + e.rawBytes());
        }
        if (e.database() != null && !scanner.completed()) {
            return new Check(e.component(), e.file(), size, "the dump does not end with '-- Dump completed'");
        }
        return new Check(e.component(), e.file(), size, null);
    }
}
