package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A probe snapshot of a healthy pair for a config's two nodes: the first the master holding both
 * VIPs and running the services, the second its replica, streaming and in sync. A cycle that sees
 * it calls for no database proposal, so it withdraws a pending REJOIN or RESYNC. Or
 * {@link #standalone}.
 */
final class HealthyPair {

    static final String MAC1 = "02:00:00:00:00:11";
    static final String MAC2 = "02:00:00:00:00:12";

    private HealthyPair() {
    }

    static ProbeSnapshot snapshot(HactlConfig cfg) {
        return snapshot(cfg, true);
    }

    /**
     * The same pair, its second node read-only but not replicating (no replica status), with every
     * transaction of the master: STANDALONE, which calls for a REJOIN of that node.
     */
    static ProbeSnapshot standalone(HactlConfig cfg) {
        return snapshot(cfg, false);
    }

    private static ProbeSnapshot snapshot(HactlConfig cfg, boolean replicating) {
        NodeConfig m = cfg.nodes().get(0);
        NodeConfig r = cfg.nodes().get(1);
        String db = cfg.dbVip().address();
        String app = cfg.appVip().address();
        NodeProbe master = new NodeProbe(m.name(), m.address(), new NodeProbe.PingResult(true, 0.05, null),
                new NodeProbe.ShellResult(true, null), List.of(m.address(), db, app), MAC1,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, null, "0-1-42", "0-1-42",
                        "mariadb-bin.000002", 1234L), services(cfg, true));
        NodeProbe replica = new NodeProbe(r.name(), r.address(), new NodeProbe.PingResult(true, 0.05, null),
                new NodeProbe.ShellResult(true, null), List.of(r.address()), MAC2,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, replicating
                        ? new ReplicaStatus(m.address(), 3306, "Yes", true, 0L, 0, "", 0, "", "0-1-42", "Slave_Pos") : null,
                        "0-1-42", "0-1-42", "mariadb-bin.000001", 999L), services(cfg, false));
        Map<String, String> owners = Map.of(MAC1, m.name(), MAC2, r.name());
        return new ProbeSnapshot(cfg.clusterName(), Instant.now(), Duration.ofMillis(30), List.of(master, replica),
                new VipProbe(db, List.of(m.name()), List.of(MAC1), owners, null),
                new VipProbe(app, List.of(m.name()), List.of(MAC1), owners, null));
    }

    private static List<ServiceProbe> services(HactlConfig cfg, boolean running) {
        return cfg.services().stream().map((ServiceConfig s) -> new ServiceProbe(s.name(), running,
                running ? List.of(4242L) : List.of(), s.port(), s.port() == null ? null : running, null)).toList();
    }
}
