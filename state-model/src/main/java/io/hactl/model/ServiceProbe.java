package io.hactl.model;

import java.util.List;

/**
 * One application service on one node.
 *
 * @param port     the configured TCP port, null when none
 * @param portOpen whether a TCP connection to it succeeded, null when no port is configured
 *                 or it was not probed
 * @param error    why the process search failed (node unreachable...), null when it ran
 * @param logTail  the last lines of its log file, read only when it is down (not running, or its
 *                 port closed) on a node whose shell works: the evidence of a restart proposal;
 *                 empty otherwise
 */
public record ServiceProbe(String name, boolean running, List<Long> pids, Integer port,
                           Boolean portOpen, String error, List<String> logTail) {

    /** A service probed without reading its log (it runs, or the log was not asked for). */
    public ServiceProbe(String name, boolean running, List<Long> pids, Integer port, Boolean portOpen, String error) {
        this(name, running, pids, port, portOpen, error, List.of());
    }

    /** Running and, when it has a port, answering on it. */
    public boolean up() {
        return running && (port == null || portOpen == null || portOpen);
    }

    /** The same probe with its log's last lines. */
    public ServiceProbe withLogTail(List<String> lines) {
        return new ServiceProbe(name, running, pids, port, portOpen, error, List.copyOf(lines));
    }
}
