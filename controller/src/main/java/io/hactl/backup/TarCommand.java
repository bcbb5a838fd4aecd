package io.hactl.backup;

import java.util.List;

/** The tar command a file component runs on its node: paths relative to /, excludes, output on stdout. */
public final class TarCommand {

    /**
     * The record of the physical backup's tar, in 512-byte blocks: 1 MB ({@code -b 2048}). tar writes its output in
     * records; with its default 10 KB ones, tar | zstd -1 on the lab's 1.3 GB prepared copy took ~1.2 s more CPU
     * (4.8 s against 3.6 s of tar and zstd, 3 interleaved runs, docs/runbook-backup.md). tar pads its end to a whole
     * record (up to 1 MB of zeros) and {@code tar -x} stops reading at the archive's end marker, so every reader of
     * the backup reads with the same record ({@link #extract}): it then reads the padded end too, and the writer
     * feeding it never ends on a broken pipe. Archives of the default record read alike (a pipe's reads are short).
     */
    public static final int RECORD_BLOCKS = 2048;

    private TarCommand() {
    }

    /** {@code tar -x -b 2048 -C 'DIR' -f -}: a physical backup's tar unpacked into {@code dir}, read to its end. */
    public static String extract(String dir) {
        return "tar -x -b " + RECORD_BLOCKS + " -C " + quote(dir) + " -f -";
    }

    /** {@link #extract} as an argv. */
    public static List<String> extractArgv(String dir) {
        return List.of("tar", "-x", "-b", Integer.toString(RECORD_BLOCKS), "-C", dir, "-f", "-");
    }

    /** {@code tar -C / -cf - --exclude='*.pid' -- 'var/lib/x' ...}: each argument single-quoted for sh. */
    public static String create(List<String> absolutePaths, List<String> excludes) {
        StringBuilder b = new StringBuilder("tar -C / -cf -");
        for (String e : excludes) {
            b.append(" --exclude=").append(quote(e));
        }
        b.append(" --");
        for (String p : absolutePaths) {
            String rel = p.replaceAll("^/+", "");
            b.append(' ').append(quote(rel.isEmpty() ? "." : rel));
        }
        return b.toString();
    }

    /** Single-quoted for sh: ' becomes '\''. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
