package io.hactl.backup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the comment lines of a mariadb-dump/mysqldump stream as it passes, without
 * holding it: the database named in the header, the binary log position and the GTID
 * recorded by --master-data=2 (--gtid), the table being dumped, and whether the dump
 * reached its last line ("-- Dump completed"). Only lines that start with "--" are looked
 * at, and only their first {@value #MAX_LINE} bytes: memory does not grow with the dump.
 */
public final class DumpScanner {

    static final int MAX_LINE = 512;

    private static final Pattern HEADER_DB = Pattern.compile("^-- Host: .*\\sDatabase: (\\S+)");
    private static final Pattern BINLOG = Pattern.compile(
            "^-- CHANGE (?:MASTER|REPLICATION SOURCE) TO (?:MASTER|SOURCE)_LOG_FILE='([^']+)', (?:MASTER|SOURCE)_LOG_POS=(\\d+)");
    private static final Pattern GTID_MARIADB = Pattern.compile("^-- SET GLOBAL gtid_slave_pos='([^']*)'");
    private static final Pattern GTID_MYSQL = Pattern.compile("GTID_PURGED=(?:/\\*!80000 '\\+'\\*/ )?'([^']*)'");
    private static final Pattern TABLE_DATA = Pattern.compile("^-- Dumping data for table `((?:[^`]|``)+)`");
    private static final Pattern TABLE_STRUCTURE = Pattern.compile("^-- Table structure for table `((?:[^`]|``)+)`");

    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    /** 0: at the start of a line; 1: in a line that starts with '-' (collecting); 2: skipping to the end of a line. */
    private int state;

    private String database;
    private String binlogFile;
    private Long binlogPosition;
    private String gtid;
    private String currentTable;
    private int tablesStarted;
    private boolean completed;
    private long bytes;

    public void accept(byte[] buf, int off, int len) {
        bytes += len;
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == 2) {
                int nl = indexOfNewline(buf, i, end);
                if (nl < 0) {
                    i = end;
                } else {
                    state = 0;
                    i = nl + 1;
                }
                continue;
            }
            byte b = buf[i++];
            if (state == 0) {
                if (b == '-') {
                    state = 1;
                    lineLength = 0;
                    line[lineLength++] = b;
                } else if (b != '\n') {
                    state = 2;
                    completed = false;
                }
                continue;
            }
            // state 1: collecting a line that starts with '-'
            if (b == '\n') {
                onCommentLine(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                state = 0;
            } else if (lineLength < MAX_LINE) {
                line[lineLength++] = b;
            }
        }
    }

    /**
     * The first '\n' in {@code buf[from, to)}, or -1: eight bytes at a time (a word with a zero byte where the
     * newline was, found by the borrow of {@code (x - 0x01..) & ~x & 0x80..}: its lowest set bit is the first
     * newline's), then byte by byte for the last few. The lines skipped are a dump's INSERTs, a megabyte each: over
     * 1.2 GB (this machine, loaded, 6 rounds) byte by byte took ~0.4 s of CPU, eight at a time ~0.25 s, in the
     * thread that also compresses.
     */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private void onCommentLine(String l) {
        if (!l.startsWith("--")) {
            completed = false;
            return;
        }
        if (l.startsWith("-- Dump completed")) {
            completed = true;
            return;
        }
        completed = false;
        Matcher m;
        if (database == null && (m = HEADER_DB.matcher(l)).find()) {
            database = m.group(1);
        } else if ((m = TABLE_DATA.matcher(l)).find()) {
            currentTable = m.group(1).replace("``", "`");
        } else if ((m = TABLE_STRUCTURE.matcher(l)).find()) {
            currentTable = m.group(1).replace("``", "`");
            tablesStarted++;
        } else if (binlogFile == null && (m = BINLOG.matcher(l)).find()) {
            binlogFile = m.group(1);
            binlogPosition = Long.parseLong(m.group(2));
        } else if ((m = GTID_MARIADB.matcher(l)).find()) {
            gtid = m.group(1);
        } else if (gtid == null && (m = GTID_MYSQL.matcher(l)).find()) {
            gtid = m.group(1);
        }
    }

    /** The database named in the dump's header ("-- Host: ... Database: NAME"), or null. */
    public String database() {
        return database;
    }

    public String binlogFile() {
        return binlogFile;
    }

    public Long binlogPosition() {
        return binlogPosition;
    }

    /** The GTID position of the dump's snapshot, or null when the dump did not record one. */
    public String gtid() {
        return gtid;
    }

    public String currentTable() {
        return currentTable;
    }

    /** Tables (and views) whose structure has started. */
    public int tablesStarted() {
        return tablesStarted;
    }

    /** True when the last line seen is mariadb-dump's "-- Dump completed on ..." line. */
    public boolean completed() {
        return completed;
    }

    public long bytes() {
        return bytes;
    }
}
