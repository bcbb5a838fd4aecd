package io.hactl.lab;

import java.util.OptionalLong;

/**
 * A component's live process on a node: the PID in its pid file, alive, with the node's marker
 * in its command line and in the node's network namespace (namespaces share the PID space, so
 * never by name).
 */
final class LabProcesses {

    private final LabLayout layout;

    LabProcesses(LabLayout layout) {
        this.layout = layout;
    }

    /** The PID in the component's pid file, if that process is alive and is this node's component. */
    OptionalLong livePid(LabNode n, String component) {
        OptionalLong pid = Procs.readPid(layout.pidFile(n, component));
        return pid.isPresent() && isLive(n, component, pid.getAsLong()) ? pid : OptionalLong.empty();
    }

    boolean isLive(LabNode n, String component, long pid) {
        if (!Procs.aliveWith(pid, layout.processMarker(n, component))) {
            return false;
        }
        long want = Procs.namedNetnsInode(n.namespace());
        long have = Procs.netnsInode(pid);
        return want < 0 || have < 0 || want == have;
    }
}
