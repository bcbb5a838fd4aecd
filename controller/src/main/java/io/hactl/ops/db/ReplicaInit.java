package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.db.ReplicationSource;
import io.hactl.db.Sql;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code hactl db-replica-init --node N}: makes N a replica of the master (the other node) from
 * scratch, on two servers set up by hand. Before the rebuild: N must not be the master (holds
 * the DB VIP, or the other node replicates from it), both servers' settings must be right
 * ({@link ReplicaSettings}: each problem named with the my.cnf line), and the replication user
 * exists on the master (created if missing, as the lab creates it: on the master, its binary
 * log on) and on N (created with N's binary log off: N has no transaction of its own; needed
 * there when N becomes the master). Then the same {@link ReplicaRebuild} as the controller's
 * resync: one consistent streamed copy, replication from exactly its GTID, the catch-up wait.
 */
public final class ReplicaInit {

    public static final String NAME = "db-replica-init";

    private final HactlConfig cfg;
    private final Function<NodeConfig, DbAdmin> connector;
    private final ReplicaRebuild rebuild;
    private final RebuildMethod.Kind method;

    public ReplicaInit(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                       Duration catchUp) {
        this(cfg, shells, connector, catchUp, RebuildMethod.Kind.AUTO);
    }

    /** With {@code --method}: auto, physical or logical ({@link MethodChoice}). */
    public ReplicaInit(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                       Duration catchUp, RebuildMethod.Kind method) {
        this.cfg = cfg;
        this.connector = connector;
        this.rebuild = new ReplicaRebuild(cfg, shells, connector, catchUp);
        this.method = method;
    }

    /** Makes {@code node} a replica of the other node; 0 done, 1 failed, 2 refused (nothing changed). */
    public int run(OperationRunner runner, NodeConfig node) {
        NodeConfig master = cfg.peerOf(node);
        return runner.run(NAME, "make " + node.name() + " a replica of " + master.name() + " from scratch", op -> {
            java.util.concurrent.atomic.AtomicReference<MethodChoice.Choice> chosen =
                    new java.util.concurrent.atomic.AtomicReference<>();
            try (Connections dbs = new Connections(connector)) {
                DbAdmin na = ReplicaRebuild.connect(op, dbs, node);
                DbAdmin ma = ReplicaRebuild.connect(op, dbs, master);
                refuseIfMaster(op, rebuild, cfg, node, master, ma.state(), NAME);
                List<ReplicaSettings.Problem> problems = ReplicaSettings.problems(server(node, na), server(master, ma));
                problems.stream().filter(p -> !p.blocking()).forEach(p -> op.note(p.node(), "advice: " + p.text()));
                List<ReplicaSettings.Problem> blocking = problems.stream().filter(ReplicaSettings.Problem::blocking)
                        .toList();
                if (!blocking.isEmpty()) {
                    throw op.refuse("the servers' settings are not right for replication: "
                            + blocking.stream().map(ReplicaSettings.Problem::text).collect(Collectors.joining("; ")),
                            "change each setting named, restart the server, then run " + NAME + " --node "
                                    + node.name() + " again");
                }
                MethodChoice.Choice choice = rebuild.choose(op, node, master, method);
                chosen.set(choice);
                String missing = choice.kind() == RebuildMethod.Kind.PHYSICAL ? "" : missingAccounts(accounts(ma), accounts(na), List.of(cfg.database().user(),
                        ReplicationSource.of(cfg, master).user()));
                if (!missing.isEmpty()) {
                    op.note(node.name(), "advice: accounts on " + master.name() + " that " + node.name() + " lacks: "
                            + missing + ". " + NAME + " copies the database " + cfg.database().name() + ", not the"
                            + " server's accounts (mysql.*): create them on " + node.name() + " with the same grants"
                            + " (SET SESSION sql_log_bin=0 first), or the application cannot log in to it after a"
                            + " switchover");
                }
                op.note(null, "checks passed: " + node.name() + " and " + master.name() + " run "
                        + na.state().version() + " / " + ma.state().version() + ", binary logs on, server_id "
                        + na.state().serverId() + " / " + ma.state().serverId() + ", " + master.name() + " is the master");
            }
            // the users are the first change: only once the rebuild's own checks passed too
            ReplicaRebuild.Result r = rebuild.run(op, runner.out(), node, master, chosen.get(), () -> {
                try (Connections dbs = new Connections(connector)) {
                    DbAdmin ma = ReplicaRebuild.connect(op, dbs, master);
                    DbAdmin na = ReplicaRebuild.connect(op, dbs, node);
                    ensureReplicationUser(op, ma, master, node, true);
                    ensureReplicationUser(op, na, node, master, false);
                }
            });
            op.succeed(op.dryRun() ? node.name() + " made a replica of " + master.name() + " by the steps above"
                    : node.name() + " is a replica of " + master.name() + ": " + r.summary());
            return 0;
        });
    }

    /**
     * Refused when {@code node} is the master: it holds the DB VIP, or {@code master} (the other node)
     * replicates from it; or when the other node is itself a replica. {@code command} is named in the fix.
     */
    static void refuseIfMaster(Operation op, ReplicaRebuild rebuild, HactlConfig cfg, NodeConfig node,
                               NodeConfig master, DbState ms, String command) {
        boolean holds = rebuild.holdsDbVip(op, node);
        if (holds || ms.replicatesFrom(node.address())) {
            throw op.refuse(node.name() + " is the master (" + (holds ? "it holds the DB VIP " + cfg.dbVip().address()
                    : master.name() + " replicates from it") + "): its data is the one to keep, it is not made a replica",
                    "run " + command + " --node " + master.name() + " to make the other node its replica");
        }
        if (ms.isReplica() && ms.replica().running()) {
            throw op.refuse(master.name() + " is itself a replica (" + ms.replicationWords() + "): no master to copy",
                    "make one node the master first (hactl db-master-set --node " + master.name() + "), then again");
        }
    }

    /**
     * The configured replication user on {@code a}, for {@code peer}'s address: created if missing
     * (password bound on the JDBC connection, never on a command line), GRANT REPLICATION SLAVE.
     * On the master with its binary log on (as the lab's setup); on the replica with it off.
     */
    private void ensureReplicationUser(Operation op, DbAdmin a, NodeConfig on, NodeConfig peer, boolean logged) {
        ReplicationSource src = ReplicationSource.of(cfg, on);
        String user = src.user();
        String host = peer.address();
        List<Map<String, String>> rows = a.query(Sql.of("SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?"
                + " AND (Host = ? OR ? LIKE Host)", user, host, host));
        if (!rows.isEmpty() && !"0".equals(rows.get(0).values().iterator().next())) {
            op.note(on.name(), "replication user " + user + " for " + host + " exists");
            return;
        }
        op.step(on.name(), "create the replication user " + user + "@" + host + " (GRANT REPLICATION SLAVE"
                + (logged ? "" : ", binary log off") + ")", () -> {
                    if (!logged) {
                        a.execute(Sql.of("SET SESSION sql_log_bin = 0"));
                    }
                    try {
                        a.execute(Sql.of("CREATE USER ?@? IDENTIFIED BY ?", user, host, src.password()));
                        a.execute(Sql.of("GRANT REPLICATION SLAVE ON *.* TO ?@?", user, host));
                    } finally {
                        if (!logged) {
                            a.execute(Sql.of("SET SESSION sql_log_bin = 1"));
                        }
                    }
                    return "created, password from the config's replication password";
                });
    }

    /** The server's accounts as 'user'@'host', without the server's own (root, mariadb.sys, mysql.*). */
    private static List<String> accounts(DbAdmin a) {
        return a.query(Sql.of("SELECT User, Host FROM mysql.user")).stream()
                .map(r -> "'" + r.get("User") + "'@'" + r.get("Host") + "'").toList();
    }

    /**
     * The accounts of the master the node lacks, as one comma-separated string ("" when none):
     * the application's users, which a copy of the database does not bring. The server's own
     * (root, mariadb.sys, mysql.*, anonymous) and hactl's (admin, replication: per address,
     * hactl makes them) are left out.
     */
    static String missingAccounts(List<String> onMaster, List<String> onNode, List<String> hactlUsers) {
        java.util.Set<String> have = new java.util.HashSet<>(onNode);
        return onMaster.stream().filter(acct -> !have.contains(acct)).filter(acct -> {
            String user = acct.substring(1, acct.indexOf("'@'"));
            return !user.isEmpty() && !user.equals("root") && !user.equals("mariadb.sys") && !user.startsWith("mysql.")
                    && !user.equals("mysql") && !user.equals("PUBLIC") && !hactlUsers.contains(user);
        }).sorted().collect(Collectors.joining(", "));
    }

    private static ReplicaSettings.Server server(NodeConfig n, DbAdmin a) {
        Map<String, String> vars = new LinkedHashMap<>();
        String in = String.join(", ", java.util.Collections.nCopies(ReplicaSettings.VARIABLES.size(), "?"));
        for (Map<String, String> r : a.query(new Sql("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")",
                List.copyOf(ReplicaSettings.VARIABLES)))) {
            vars.put(r.get("Variable_name").toLowerCase(Locale.ROOT), r.get("Value"));
        }
        return new ReplicaSettings.Server(n.name(), a.flavor(), vars);
    }
}
