package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.pair.StepFailed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The admin connections of one operation, one per node, opened once (or ahead, in the background)
 * and closed together.
 */
final class Connections implements AutoCloseable {

    private final Function<NodeConfig, DbAdmin> connector;
    private final Map<String, DbAdmin> open = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<DbAdmin>> opening = new ConcurrentHashMap<>();

    Connections(Function<NodeConfig, DbAdmin> connector) {
        this.connector = connector;
    }

    /**
     * Starts connecting to {@code node} in the background (issue 20: a command opens both nodes'
     * connections at once, at its start); {@link #connect} then takes this connection, or its failure.
     */
    void openAhead(NodeConfig node) {
        opening.computeIfAbsent(node.name(), n -> CompletableFuture.supplyAsync(() -> connector.apply(node)));
    }

    /**
     * Once {@code node}'s connection opened ahead is there, opens beside it the session a write lock would take
     * ({@link DbAdmin#prepareLockSession}, issue 20: not inside a planned switch's write gap); the future ends when it is
     * open, or could not be (then the lock opens its own). Completed at once when nothing was opened ahead.
     */
    CompletableFuture<Void> prepareLockAhead(NodeConfig node, Duration wait) {
        CompletableFuture<DbAdmin> ahead = opening.get(node.name());
        if (ahead == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ahead.thenAcceptAsync(a -> a.prepareLockSession(wait)).exceptionally(e -> null);
    }

    /**
     * Connects (throws {@link io.hactl.db.DbAdminException} when the database cannot be reached); takes the
     * connection {@link #openAhead} opened, once.
     */
    DbAdmin connect(NodeConfig node) {
        CompletableFuture<DbAdmin> ahead = opening.remove(node.name());
        DbAdmin a = ahead == null ? connector.apply(node) : joined(ahead);
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

    private static DbAdmin joined(CompletableFuture<DbAdmin> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        open.values().forEach(DbAdmin::close);
        open.clear();
        // opened ahead and never taken: closed when they are open
        opening.values().forEach(f -> f.thenAccept(DbAdmin::close));
        opening.clear();
    }
}
