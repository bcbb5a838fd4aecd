package io.hactl.probe;

import io.hactl.config.DatabaseConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import java.time.Duration;

/**
 * What a probe cycle asks of the network from this machine, beside the node shells: a ping, the
 * database's port, a service's port. The one side effect of {@link ProbeCycle} that is not a
 * {@link io.hactl.node.NodeShell}, behind an interface so the cycle's logic is tested without sending
 * a packet anywhere ({@code ProbeCycleTest}); {@link #of} is the real one.
 */
public interface NetworkLooks {

    NodeProbe.PingResult ping(String address, Duration timeout);

    DbProbe db(String address);

    boolean port(String address, int port, Duration timeout);

    /** The real looks: iputils ping, a SQL session ({@link DbProber}), a TCP connect. */
    static NetworkLooks of(DatabaseConfig database) {
        DbProber db = new DbProber(database);
        return new NetworkLooks() {
            @Override
            public NodeProbe.PingResult ping(String address, Duration timeout) {
                return PingProbe.ping(address, timeout);
            }

            @Override
            public DbProbe db(String address) {
                return db.probe(address);
            }

            @Override
            public boolean port(String address, int port, Duration timeout) {
                return TcpProbe.open(address, port, timeout);
            }
        };
    }
}
