package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.pair.StepFailed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The admin connections of one operation, one per node, opened once and closed together. */
final class Connections implements AutoCloseable {

    private final Function<NodeConfig, DbAdmin> connector;
    private final Map<String, DbAdmin> open = new ConcurrentHashMap<>();

    Connections(Function<NodeConfig, DbAdmin> connector) {
        this.connector = connector;
    }

    /** Connects (throws {@link io.hactl.db.DbAdminException} when the database cannot be reached). */
    DbAdmin connect(NodeConfig node) {
        DbAdmin a = connector.apply(node);
        DbAdmin old = open.put(node.name(), a);
        if (old != null) {
            old.close();
        }
        return a;
    }

    DbAdmin get(NodeConfig node) {
        DbAdmin a = open.get(node.name());
        if (a == null) {
            throw new StepFailed("no database connection to " + node.name());
        }
        return a;
    }

    @Override
    public void close() {
        open.values().forEach(DbAdmin::close);
        open.clear();
    }
}
