package io.hactl.ops.db;

import io.hactl.backup.Progress;

/**
 * The room a physical copy needs on the node it rebuilds: the master's data size plus a margin
 * (the configured one, or a tenth of the data when that is more: InnoDB's redo applied by
 * --prepare, growth during the copy). The node's old data directory stays until the new one has
 * started, so the copy needs this much on top of what the node uses now.
 */
public final class FreeSpace {

    /** The default margin (database.server.free_margin_mb): 1 GB. */
    public static final long DEFAULT_MARGIN = 1024L * 1024 * 1024;

    /** Why a copy is refused for want of room, and the fix. */
    public record Refusal(String reason, String fix) {
    }

    private FreeSpace() {
    }

    /** The bytes the copy needs: {@code data} plus the larger of {@code margin} and a tenth of {@code data}. */
    public static long required(long data, long margin) {
        return data + Math.max(margin, data / 10);
    }

    /** Null when {@code free} bytes in {@code dir} on {@code node} are enough for {@code data}; else why and the fix. */
    public static Refusal refusal(String node, String dir, long free, long data, long margin) {
        return refusal(node, dir, free, data, margin, "the master's");
    }

    /** As {@link #refusal(String, String, long, long, long)}, with whose data it is ("the backup's"). */
    public static Refusal refusal(String node, String dir, long free, long data, long margin, String whose) {
        long need = required(data, margin);
        if (free >= need) {
            return null;
        }
        return new Refusal(node + " has " + Progress.bytes(free) + " free in " + dir + ", the copy needs "
                + Progress.bytes(need) + " (" + whose + " " + Progress.bytes(data) + " of data + a margin of "
                + Progress.bytes(need - data) + ")",
                "free " + Progress.bytes(need - free) + " on " + node + " (its old data directory stays until the new"
                        + " one has started), or lower database.server.free_margin_mb, or copy only the application"
                        + " database with --method logical");
    }

    /**
     * Null when {@code free} bytes in the backup directory {@code dir} are enough for a physical backup
     * of {@code node}'s {@code data}; else why (the figures) and the fix. The copy is unpacked and
     * prepared there, then compressed beside it before it is removed: the data's size, half of it
     * for the compressed file (zstd makes InnoDB pages smaller than that), and the margin.
     */
    public static Refusal backupRefusal(String node, String dir, long free, long data, long margin) {
        long need = backupRequired(data, margin);
        if (free >= need) {
            return null;
        }
        return new Refusal("this machine has " + Progress.bytes(free) + " free in " + dir + ", the physical backup"
                + " needs " + Progress.bytes(need) + " (" + node + "'s " + Progress.bytes(data) + " of data files,"
                + " unpacked and prepared there, + " + Progress.bytes(data / 2) + " for the compressed file + a margin"
                + " of " + Progress.bytes(need - data - data / 2) + ")", "free " + Progress.bytes(need - free) + " in "
                + dir + ", or back up to another disk (-d DIR), or lower database.server.free_margin_mb, or take a"
                + " logical backup (--method logical)");
    }

    /** The bytes a physical backup of {@code data} needs in the backup directory. */
    public static long backupRequired(long data, long margin) {
        return required(data, margin) + data / 2;
    }

    /**
     * Null when {@code free} bytes in the backup directory {@code dir} are enough for a physical backup
     * of {@code node}'s {@code data} prepared and compressed on the node: only the compressed file is
     * written here (half the data, as {@link #backupRefusal}'s share for it) and the margin; else why
     * (the figures) and the fix.
     */
    public static Refusal fileRefusal(String node, String dir, long free, long data, long margin) {
        long need = fileRequired(data, margin);
        if (free >= need) {
            return null;
        }
        return new Refusal("this machine has " + Progress.bytes(free) + " free in " + dir + ", the physical backup"
                + " needs " + Progress.bytes(need) + " (" + Progress.bytes(data / 2) + " for the compressed file of "
                + node + "'s " + Progress.bytes(data) + " of data files + a margin of " + Progress.bytes(need - data / 2)
                + ")", "free " + Progress.bytes(need - free) + " in " + dir + ", or back up to another disk (-d DIR),"
                + " or lower database.server.free_margin_mb, or take a logical backup (--method logical)");
    }

    /** The bytes the compressed file of a backup of {@code data} prepared on the node needs here. */
    public static long fileRequired(long data, long margin) {
        return data / 2 + Math.max(margin, data / 10);
    }
}
