package io.hactl.backup;

import java.util.List;

/** The tar command a file component runs on its node: paths relative to /, excludes, output on stdout. */
public final class TarCommand {

    private TarCommand() {
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
