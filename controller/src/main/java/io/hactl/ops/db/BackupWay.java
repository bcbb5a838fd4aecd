package io.hactl.ops.db;

import io.hactl.backup.Progress;

/**
 * Where a physical backup's copy is prepared and compressed, and the sentence that says why,
 * printed and logged before the copy. On the node ({@link NodeBackup}): mariadb-backup into a
 * scratch directory beside its data directory, --prepare there, tar through zstd there, so a copy
 * 3–4× smaller crosses SSH and the node's cores compress; it needs zstd on the node and room for
 * the scratch copy beside its data directory ({@link FreeSpace}'s rule: the data and a margin).
 * Otherwise, the way of before: mariadb-backup's stream through SSH into mbstream on this machine,
 * prepared and compressed here (slower, but it needs nothing more on the node).
 */
final class BackupWay {

    /**
     * What the choice looks at.
     *
     * @param scratch the scratch directory on the node ({@code DATADIR.hactl-backup})
     * @param zstd    {@code zstd -V} on the node; null when it has none
     * @param free    the bytes free beside the node's data directory
     * @param data    the server's data files (what the scratch copy holds)
     * @param margin  database.server.free_margin_mb in bytes
     */
    record Facts(String node, String scratch, String zstd, long free, long data, long margin) {
    }

    /** On the node or through this machine, and why (one sentence). */
    record Way(boolean onNode, String why) {
    }

    static final String HERE = "prepared and compressed on this machine (mariadb-backup's stream through SSH into"
            + " mbstream here, the way of before)";

    private BackupWay() {
    }

    static Way choose(Facts f) {
        if (f.zstd() == null) {
            return new Way(false, HERE + ": " + f.node() + " has no zstd (Debian package zstd: install it on the nodes"
                    + " for the faster way, prepared and compressed on the node)");
        }
        FreeSpace.Refusal full = FreeSpace.refusal(f.node(), NodeBackup.parent(f.scratch()), f.free(), f.data(),
                f.margin(), "its");
        if (full != null) {
            return new Way(false, HERE + ": no room for the scratch copy on " + f.node() + ": " + full.reason());
        }
        return new Way(true, "prepared and compressed on " + f.node() + " (mariadb-backup --backup and --prepare into "
                + f.scratch() + ", then tar | " + NodeBackup.COMPRESS + " there, through SSH into the file here): it has"
                + " zstd and "
                + Progress.bytes(f.free()) + " free beside its data directory; the scratch copy is removed after");
    }
}
