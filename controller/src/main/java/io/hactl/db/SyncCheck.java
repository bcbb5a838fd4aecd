package io.hactl.db;

import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Are both databases the same? Their GTID positions compared ({@link GtidComparison}),
 * and with tables, CHECKSUM TABLE of every base table of the application database on both
 * nodes, table by table (both nodes at once, so a quiet pair gives comparable sums). Only
 * reads; records the positions it read in the {@link GtidMemory}.
 */
public final class SyncCheck {

    /** One node: its state, or why it could not be read. */
    public record Node(String name, String address, DbState state, String error) {
    }

    /** One table: its checksum per node (null: table missing there, or the node could not be asked). */
    public record Table(String name, Map<String, Long> checksums, boolean same) {
    }

    /**
     * @param comparison     from the replica's side (or the second node's), null when a node could not be read
     * @param tables         null without --tables
     * @param movedDuringCheck a node's GTID position changed while the tables were summed: differences may be
     *                       writes in flight
     */
    public record Report(String database, Instant at, List<Node> nodes, GtidComparison.Result comparison,
                         List<Table> tables, boolean movedDuringCheck, String error) {

        public boolean same() {
            return error == null && comparison != null && comparison.equal()
                    && (tables == null || tables.stream().allMatch(Table::same));
        }

        /** 0 same, 1 different, 2 could not compare. */
        public int exitCode() {
            return error != null || comparison == null ? 2 : same() ? 0 : 1;
        }
    }

    private final HactlConfig cfg;
    private final Function<NodeConfig, DbAdmin> connector;

    public SyncCheck(HactlConfig cfg, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.connector = connector;
    }

    public Report run(boolean withTables) {
        List<NodeConfig> ns = cfg.nodes();
        Map<String, DbAdmin> admins = new LinkedHashMap<>();
        try {
            List<CompletableFuture<Node>> reads = new ArrayList<>();
            for (NodeConfig n : ns) {
                reads.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        DbAdmin a = connector.apply(n);
                        synchronized (admins) {
                            admins.put(n.name(), a);
                        }
                        return new Node(n.name(), n.address(), a.state(), null);
                    } catch (DbAdminException e) {
                        return new Node(n.name(), n.address(), null, e.getMessage());
                    }
                }));
            }
            List<Node> nodes = reads.stream().map(CompletableFuture::join).toList();
            Instant at = Instant.now();
            remember(nodes, at);
            List<String> down = nodes.stream().filter(n -> n.state() == null).map(n -> n.error()).toList();
            if (!down.isEmpty()) {
                return new Report(cfg.database().name(), at, nodes, null, null, false, String.join("; ", down));
            }
            Node a = nodes.get(1);
            Node b = nodes.get(0);
            if (nodes.get(0).state().isReplica() && !nodes.get(1).state().isReplica()) {
                a = nodes.get(0);
                b = nodes.get(1);
            }
            // under writes a replica read after its master looks ahead: read again, replica first
            a = new Node(a.name(), a.address(), admins.get(a.name()).state(), null);
            b = new Node(b.name(), b.address(), admins.get(b.name()).state(), null);
            Node first = a;
            Node second = b;
            nodes = nodes.stream().map(n -> n.name().equals(first.name()) ? first : second).toList();
            GtidComparison.Result cmp;
            try {
                cmp = GtidComparison.compare(a.name(), a.state().gtid(), b.name(), b.state().gtid());
            } catch (IllegalArgumentException e) {
                return new Report(cfg.database().name(), at, nodes, null, null, false, e.getMessage());
            }
            if (!withTables) {
                return new Report(cfg.database().name(), at, nodes, cmp, null, false, null);
            }
            List<Table> tables = tables(ns, admins);
            boolean moved = false;
            for (Node n : nodes) {
                moved |= !admins.get(n.name()).state().position().equals(n.state().position());
            }
            return new Report(cfg.database().name(), at, nodes, cmp, tables, moved, null);
        } finally {
            admins.values().forEach(DbAdmin::close);
        }
    }

    private List<Table> tables(List<NodeConfig> ns, Map<String, DbAdmin> admins) {
        String schema = cfg.database().name();
        TreeSet<String> names = new TreeSet<>();
        Map<String, List<String>> present = new LinkedHashMap<>();
        for (NodeConfig n : ns) {
            List<String> t = admins.get(n.name()).tables(schema);
            present.put(n.name(), t);
            names.addAll(t);
        }
        List<Table> out = new ArrayList<>();
        for (String table : names) {
            Map<String, CompletableFuture<Long>> sums = new LinkedHashMap<>();
            for (NodeConfig n : ns) {
                sums.put(n.name(), present.get(n.name()).contains(table)
                        ? CompletableFuture.supplyAsync(() -> admins.get(n.name()).checksum(schema, table))
                        : CompletableFuture.completedFuture(null));
            }
            Map<String, Long> values = new LinkedHashMap<>();
            sums.forEach((n, f) -> values.put(n, f.join()));
            boolean same = values.values().stream().allMatch(v -> v != null)
                    && values.values().stream().distinct().count() == 1;
            out.add(new Table(table, values, same));
        }
        return out;
    }

    private void remember(List<Node> nodes, Instant at) {
        Map<String, GtidMemory.Seen> seen = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.state() != null) {
                seen.put(n.name(), GtidMemory.Seen.of(n.state(), at, "db-sync-check"));
            }
        }
        try {
            GtidMemory.of(cfg).record(seen);
        } catch (RuntimeException e) {
            // an aid for a later failover only: the check itself does not fail on it
        }
    }
}
