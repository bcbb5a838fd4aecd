package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.ops.Operation;
import java.io.PrintWriter;

/**
 * How a rebuild copies the master's data onto the node ({@link ReplicaRebuild} runs the checks
 * common to both, the choice, and after the copy the replication from its GTID and the catch-up).
 * {@link LogicalRebuild}: mariadb-dump into the client, the application database only;
 * {@link PhysicalRebuild}: mariadb-backup, the whole server's data files.
 */
public interface RebuildMethod {

    /** {@code --method}'s values. */
    enum Kind {
        AUTO, PHYSICAL, LOGICAL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The value of --method; null when it is none of them. */
        public static Kind of(String word) {
            for (Kind k : values()) {
                if (k.word().equals(word)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The node to rebuild, the master, and the operation's admin connections (reconnected by a method that restarts). */
    record Sides(NodeConfig node, NodeConfig master, Connections dbs) {
    }

    /**
     * What the copy did. After it the node's server runs (its connection in {@link Sides#dbs}),
     * holds the master's data of {@code gtid}, read-only, and does not replicate.
     */
    record Copied(long bytes, long nanos, String gtid) {
    }

    /** A copy whose checks passed: nothing changed yet. */
    interface Prepared {

        /** Runs the copy as steps of {@code op}; a failed step throws {@link io.hactl.pair.StepFailed}. */
        Copied copy(Operation op, PrintWriter out);

        /** Once the node replicates: what the copy kept until then goes (the old data directory). */
        default void finish(Operation op) {
        }
    }

    /** This method's own checks (a refusal of {@code op}: nothing changed) and a note of what it copies. */
    Prepared prepare(Operation op, Sides sides);
}
