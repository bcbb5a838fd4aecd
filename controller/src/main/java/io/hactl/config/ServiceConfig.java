package io.hactl.config;

import java.time.Duration;

/**
 * One application service (app server, back-end services, Tomcat...). Commands, the
 * process pattern, the log and the directory may contain {@code {node}}, replaced by
 * the node's name (useful when both nodes share one filesystem, as in the lab).
 *
 * @param process a pattern matched against full command lines (pgrep -f) to find its processes
 * @param port    optional TCP port to probe; null when none
 */
public record ServiceConfig(String name, String start, String stop, String process,
                            Integer port, Duration startTimeout, Duration stopTimeout,
                            String log, String directory) {

    public ServiceConfig forNode(NodeConfig node) {
        return new ServiceConfig(name, expand(start, node), expand(stop, node), expand(process, node),
                port, startTimeout, stopTimeout, expand(log, node), expand(directory, node));
    }

    public static String expand(String template, NodeConfig node) {
        return template == null ? null : template.replace("{node}", node.name());
    }
}
