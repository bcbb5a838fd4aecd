package io.hactl.ops.db;

import java.util.regex.Pattern;

/**
 * Where a physical copy is in the master's history: the backup's binlog info file
 * ({@code mariadb_backup_binlog_info}, named {@code xtrabackup_binlog_info} up to MariaDB
 * 10.11): the binary log file, the position and the GTID of the moment the copy was
 * consistent. The rebuilt node replicates from exactly that GTID ({@code SET GLOBAL
 * gtid_slave_pos}), so what the master committed during and after the copy reaches it by
 * replication. The text comes from a node: it is checked before it goes into SQL.
 *
 * @param file     the master's binary log file
 * @param position the position in it
 * @param gtid     MariaDB GTID list (domain-server-sequence, comma-separated)
 */
public record BinlogInfo(String file, long position, String gtid) {

    private static final Pattern GTID = Pattern.compile("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*");

    /** Parses the file's one line ("binlog.000001&lt;TAB&gt;3024&lt;TAB&gt;0-1-13"); an error says what is wrong. */
    public static BinlogInfo parse(String text) {
        String line = text == null ? "" : text.strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("the backup's binlog info file is empty: mariadb-backup recorded no"
                    + " position (is the master's binary log on?)");
        }
        String[] f = line.split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("the backup's binlog info file has no GTID ('" + line + "'): the"
                    + " rebuilt node could not be pointed at the copy's transaction; MariaDB with log_bin writes one");
        }
        long pos;
        try {
            pos = Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the backup's binlog info file has '" + f[1] + "', not a position, in '"
                    + line + "'");
        }
        String gtid = line.substring(line.indexOf(f[1], f[0].length()) + f[1].length()).strip();
        if (!GTID.matcher(gtid).matches()) {
            throw new IllegalArgumentException("the backup's binlog info file has '" + gtid + "', not a GTID list, in '"
                    + line + "'");
        }
        return new BinlogInfo(f[0], pos, gtid);
    }
}
