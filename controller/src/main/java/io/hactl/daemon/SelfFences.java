package io.hactl.daemon;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.Connection;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShells;
import io.hactl.selffence.NodeFencer;
import io.hactl.selffence.PeerReach;
import io.hactl.selffence.SelfFence;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the self-fence of the controller on a node (its own node, the other node's ports); none on a witness. */
final class SelfFences {

    /** How long the other node's each port may take to answer: on one LAN, a connect takes milliseconds. */
    static final Duration PEER_TIMEOUT = Duration.ofMillis(800);

    private SelfFences() {
    }

    static SelfFence forMember(HactlConfig cfg, String member, Supplier<Connection> connection, PrintWriter out,
                               Clock clock) {
        Optional<NodeConfig> self = cfg.node(member);
        Optional<NodeConfig> peer = cfg.nodes().stream().filter(n -> !n.name().equals(member)).findFirst();
        if (self.isEmpty() || peer.isEmpty()) {
            return null;
        }
        NodeShells shells = new NodeShells();
        NodeFencer fencer = new NodeFencer(cfg, self.get(), new TransitionLog(cfg.stateDirectory()), out,
                shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()), shells);
        List<Integer> ports = List.of(cfg.database().port(), peer.get().ssh().port());
        return new SelfFence(self.get().name(), peer.get().name(), connection,
                () -> PeerReach.ask(peer.get().address(), ports, PEER_TIMEOUT), fencer, out, clock);
    }
}
