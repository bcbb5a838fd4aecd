package io.hactl.model;

import java.util.List;

/**
 * One application service on one node.
 *
 * @param port     the configured TCP port, null when none
 * @param portOpen whether a TCP connection to it succeeded, null when no port is configured
 *                 or it was not probed
 * @param error    why the process search failed (node unreachable...), null when it ran
 */
public record ServiceProbe(String name, boolean running, List<Long> pids, Integer port,
                           Boolean portOpen, String error) {
}
