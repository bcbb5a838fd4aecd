package io.hactl.backup;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnoser;
import io.hactl.model.Diagnosis;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.pair.LocalNode;
import io.hactl.pair.Refused;
import io.hactl.probe.ProbeCycle;
import java.net.InetAddress;
import java.util.Optional;

/** Finds which node of the pair a host is, and whether it is the master (one probe cycle). */
public final class PairLocator {

    private PairLocator() {
    }

    /** The node of {@code cfg} that {@code host} names: its address, the DB VIP's holder, or this machine for no host. */
    public static Optional<NodeConfig> node(HactlConfig cfg, String host) {
        if (host == null || host.equals("localhost") || host.startsWith("127.")) {
            try {
                return Optional.of(LocalNode.resolve(cfg, null));
            } catch (Refused e) {
                return Optional.empty();
            }
        }
        for (NodeConfig n : cfg.nodes()) {
            if (n.address().equals(host)) {
                return Optional.of(n);
            }
        }
        try {
            String ip = InetAddress.getByName(host).getHostAddress();
            return cfg.nodes().stream().filter(n -> n.address().equals(ip)).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Where {@code host} sits in the pair; probes the pair when it is one of its nodes. */
    public static WritePolicy.Place place(HactlConfig cfg, String host) {
        if (cfg == null) {
            return WritePolicy.Place.outside();
        }
        if (host != null && host.equals(cfg.dbVip().address())) {
            return new WritePolicy.Place(WritePolicy.Role.MASTER, "the DB VIP", "the DB VIP's holder", null);
        }
        Optional<NodeConfig> node = node(cfg, host);
        if (node.isEmpty()) {
            return WritePolicy.Place.outside();
        }
        Diagnosis<DbCode> d = diagnose(cfg);
        String name = node.get().name();
        if (d.master() == null || d.code() == DbCode.SPLIT_BRAIN) {
            return new WritePolicy.Place(WritePolicy.Role.UNKNOWN_MASTER, name, null, d.sentence());
        }
        return new WritePolicy.Place(d.master().equals(name) ? WritePolicy.Role.MASTER : WritePolicy.Role.OTHER_NODE,
                name, d.master(), d.sentence());
    }

    public static Diagnosis<DbCode> diagnose(HactlConfig cfg) {
        ProbeSnapshot s;
        try (NodeShells shells = new NodeShells(); ProbeCycle cycle = new ProbeCycle(cfg, shells::forNode)) {
            s = cycle.run();
        }
        return new Diagnoser().diagnoseDb(s);
    }
}
