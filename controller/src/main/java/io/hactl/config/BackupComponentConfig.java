package io.hactl.config;

import java.util.List;

/**
 * One file component of a backup (the seed's indexes, tomcat, polopoly, project): paths
 * that are tar'ed on the node where the application is active. Paths may contain
 * {@code {node}}, replaced by that node's name.
 *
 * @param paths   absolute paths (directories or files)
 * @param exclude tar --exclude patterns (e.g. {@code *.log}); empty when none
 */
public record BackupComponentConfig(String name, List<String> paths, List<String> exclude) {

    public List<String> pathsFor(NodeConfig node) {
        return paths.stream().map(p -> ServiceConfig.expand(p, node)).toList();
    }
}
