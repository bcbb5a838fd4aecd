package io.hactl.node;

import io.hactl.config.NodeConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One shell per node, opened on first use and closed together. Nodes are always reached over SSH. */
public final class NodeShells implements AutoCloseable {

    private final Map<String, NodeShell> shells = new ConcurrentHashMap<>();

    public NodeShell forNode(NodeConfig node) {
        return shells.computeIfAbsent(node.name(), n -> new SshShell(node));
    }

    @Override
    public void close() {
        shells.values().forEach(NodeShell::close);
    }
}
