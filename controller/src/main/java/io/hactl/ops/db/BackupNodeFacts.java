package io.hactl.ops.db;

import io.hactl.backup.TarCommand;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a physical backup's plan asks the node it is read from, in one SSH command where it took four (each a
 * round trip: ~0.05–0.1 s on a loaded machine): its mariadb-backup (with mbstream), its zstd, the size of its
 * data directory ({@code du -sb}) and the bytes free beside it ({@code df}, where the scratch copy goes). Each
 * answer is read as the single commands read theirs ({@link PhysicalRebuild#toolVersion},
 * {@link NodeBackup#zstdVersion}, {@link PhysicalRebuild#dataBytes}, {@link PhysicalRebuild#parseDf}).
 *
 * @param tool     {@code mariadb-backup --version}; null when it (or mbstream) is missing
 * @param zstd     {@code zstd -V}; null when the node has no zstd
 * @param du       the data directory's bytes (binary logs included); -1 when it could not be measured
 * @param free     the bytes free in the data directory's parent; -1 when df did not say
 * @param describe what the command printed and how it ended, for a refusal that says why a figure is missing
 */
record BackupNodeFacts(String tool, String zstd, long du, long free, String describe) {

    private static final Duration COMMAND = Duration.ofMinutes(2);

    /** Asks {@code shell}'s node, in one command, about the server whose data directory is {@code datadir}. */
    static BackupNodeFacts read(NodeShell shell, String datadir) {
        CommandResult r = shell.run(command(datadir), COMMAND);
        return parse(r.out(), r.describe());
    }

    /** Four lines, {@code tool=}, {@code zstd=}, {@code du=}, {@code df=}: each value on one line, empty when none. */
    static String command(String datadir) {
        String data = TarCommand.quote(datadir);
        String parent = TarCommand.quote(new PhysicalRebuild.Dirs(datadir).parent());
        return "v=$(command -v mbstream >/dev/null && mariadb-backup --version 2>&1) || v=; echo \"tool=$(echo \"$v\""
                + " | tr '\\n' ' ')\"; z=$(command -v zstd >/dev/null && zstd -V 2>&1) || z=; echo \"zstd=$(echo \"$z\""
                + " | tr '\\n' ' ')\"; echo \"du=$(du -sb -- " + data + " 2>/dev/null | cut -f1)\"; echo \"df=$(df -PB1"
                + " -- " + parent + " 2>/dev/null | tail -n 1)\"";
    }

    static BackupNodeFacts parse(String out, String describe) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        long du;
        try {
            du = Long.parseLong(v.getOrDefault("du", ""));
        } catch (NumberFormatException e) {
            du = -1;
        }
        long free;
        try {
            free = PhysicalRebuild.parseDf(v.getOrDefault("df", ""));
        } catch (RuntimeException e) {
            free = -1;
        }
        return new BackupNodeFacts(blankNull(v.get("tool")), blankNull(v.get("zstd")), du, free, describe);
    }

    private static String blankNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
