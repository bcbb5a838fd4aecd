package io.hactl.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * CHECKSUM TABLE of every base table of the lab database on one node. Equal GTID positions
 * do not prove equal data (a change made with the binary log off, a node rebuilt from a
 * binlog that lacks such a change): {@code lab heal} and the torture run's checker compare
 * these as well.
 *
 * @param node the node ("n1")
 * @param sums table name (without the database) to checksum, sorted by name; "NULL" when
 *             the server gave none
 */
public record TableChecksums(String node, Map<String, String> sums) {

    public TableChecksums {
        sums = java.util.Collections.unmodifiableMap(new TreeMap<>(sums));
    }

    /** From the mariadb client's batch output of CHECKSUM TABLE: "db.table TAB sum" lines, no header. */
    public static TableChecksums parse(String node, String output) {
        Map<String, String> m = new TreeMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 2) {
                throw new IllegalArgumentException("CHECKSUM TABLE on " + node + ": not 'table<TAB>sum': " + line);
            }
            String table = f[0].strip();
            m.put(table.substring(table.indexOf('.') + 1), f[1].strip());
        }
        return new TableChecksums(node, m);
    }

    /**
     * The tables whose sums differ, or that only one node has, in name order, each with both
     * sums: "demo_writes (n1 1903203317, n2 4106897133)", "t (n1 12, n2 missing)". Empty: the
     * same tables with the same data.
     */
    public List<String> differences(TableChecksums other) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(sums.keySet());
        names.addAll(other.sums.keySet());
        for (String t : names) {
            String a = sums.get(t);
            String b = other.sums.get(t);
            if (a == null || b == null || !a.equals(b) || a.equals("NULL")) {
                out.add(t + " (" + node + " " + (a == null ? "missing" : a) + ", " + other.node + " "
                        + (b == null ? "missing" : b) + ")");
            }
        }
        return out;
    }

    /** "3 tables". */
    public String describe() {
        return sums.size() + (sums.size() == 1 ? " table" : " tables");
    }
}
