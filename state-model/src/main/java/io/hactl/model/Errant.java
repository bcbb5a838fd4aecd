package io.hactl.model;

import io.hactl.model.DbProbe.Flavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Transactions a node has that the master lacks (errant transactions): written on that node
 * itself (its own server_id, a client with SUPER, a write while it was writable), never
 * received from the master. A failover to it would promote them; a rebuild from the master
 * discards them; with gtid_strict_mode its replication stops at the master's next transaction.
 *
 * <p>Found from the GTIDs both nodes report ({@link GtidComparison}). The two nodes are read
 * at slightly different moments: a replica read after the master may already have applied
 * what the master committed after its own read. Those transactions carry the master's own
 * origin ({@code @@server_id} / {@code @@server_uuid}); for a replica they are in flight, not
 * errant, and are left out. Pure.
 *
 * @param node     the node that has them
 * @param master   the master that lacks them
 * @param gtids    the errant transactions, as GTIDs or ranges ("0-2-43", "0-2-41..0-2-43", "uuid:5-7")
 * @param count    how many transactions that is
 * @param sentence "n2 has 1 transaction master n1 lacks: 0-2-43 (written on n2, never on n1)"
 */
public record Errant(String node, String master, List<String> gtids, long count, String sentence) {

    /** What {@code node} has and {@code master} lacks, or empty when nothing (or the GTIDs cannot be compared). */
    public static Optional<Errant> find(NodeProbe node, NodeProbe master) {
        DbProbe n = node.db();
        DbProbe m = master.db();
        GtidView nv = n.gtidView();
        GtidView mv = m.gtidView();
        if (nv == null || mv == null || nv.flavor() != mv.flavor()) {
            return Optional.empty();
        }
        GtidComparison.Result r;
        try {
            r = GtidComparison.compare(node.name(), nv, master.name(), mv);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (r.kind() != GtidComparison.Kind.AHEAD && r.kind() != GtidComparison.Kind.DIVERGED) {
            return Optional.empty();
        }
        List<String> errant = new ArrayList<>();
        for (String g : r.bLacks()) {
            if (!(n.isReplica() && inFlight(g, nv.flavor(), m))) {
                errant.add(g);
            }
        }
        if (errant.isEmpty()) {
            return Optional.empty();
        }
        long count = errant.stream().mapToLong(g -> size(g, nv.flavor())).sum();
        String sentence = node.name() + " has " + GtidComparison.transactions(count) + " master " + master.name()
                + " lacks: " + String.join(", ", errant) + " (written on " + node.name() + ", never on "
                + master.name() + ")";
        return Optional.of(new Errant(node.name(), master.name(), List.copyOf(errant), count, sentence));
    }

    /**
     * Whether a GTID (range) a replica has beyond the master's probe carries the master's own
     * origin: its server_id (MariaDB) or server_uuid (MySQL). Without the master's server id,
     * for MariaDB the origin of the master's last GTID in that domain stands in.
     */
    static boolean inFlight(String gtid, Flavor flavor, DbProbe master) {
        String origin = master.serverId() == null ? null : master.serverId().strip().toLowerCase(Locale.ROOT);
        if (flavor == Flavor.MYSQL) {
            String source = gtid.length() >= 36 ? gtid.substring(0, 36).toLowerCase(Locale.ROOT) : gtid;
            return source.equals(origin);
        }
        String[] f = gtid.split("\\.\\.")[0].split("-");
        if (f.length != 3) {
            return false;
        }
        if (origin != null) {
            return f[1].equals(origin);
        }
        Map<String, String> heads = new TreeMap<>();
        String pos = master.gtidBinlogPos() != null && !master.gtidBinlogPos().isBlank() ? master.gtidBinlogPos()
                : master.gtidCurrentPos();
        for (GtidComparison.MariaGtid h : GtidComparison.parseMariadb(pos)) {
            heads.put(Long.toUnsignedString(h.domain()), Long.toUnsignedString(h.server()));
        }
        return f[1].equals(heads.get(f[0]));
    }

    /** How many transactions one entry names: "0-2-41..0-2-43" is 3, "uuid:1-5:9" is 6. */
    static long size(String gtid, Flavor flavor) {
        try {
            if (flavor == Flavor.MYSQL) {
                long n = 0;
                String[] f = gtid.split(":");
                for (int i = 1; i < f.length; i++) {
                    if (f[i].matches("\\d+(-\\d+)?")) {
                        String[] se = f[i].split("-");
                        n += se.length == 2 ? Long.parseLong(se[1]) - Long.parseLong(se[0]) + 1 : 1;
                    }
                }
                return Math.max(1, n);
            }
            String[] range = gtid.split("\\.\\.");
            if (range.length == 2) {
                long lo = Long.parseUnsignedLong(range[0].substring(range[0].lastIndexOf('-') + 1));
                long hi = Long.parseUnsignedLong(range[1].substring(range[1].lastIndexOf('-') + 1));
                return hi - lo + 1;
            }
            return 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
