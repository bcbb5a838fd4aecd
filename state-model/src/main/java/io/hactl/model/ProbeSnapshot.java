package io.hactl.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one probe cycle saw of the pair, immutable. The diagnosis is a pure function
 * of it ({@link Diagnoser}). Nodes are in config order.
 */
public record ProbeSnapshot(String cluster, Instant takenAt, Duration elapsed,
                            List<NodeProbe> nodes, VipProbe dbVip, VipProbe appVip) {

    public Optional<NodeProbe> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
