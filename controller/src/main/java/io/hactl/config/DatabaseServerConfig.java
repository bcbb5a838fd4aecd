package io.hactl.config;

/**
 * How hactl handles the database server itself on a node, for the physical rebuild
 * ({@code database.server}): the option file mariadb-backup reads (datadir, socket, and its
 * credentials in a {@code [mariadb-backup]} group when the SSH user's unix_socket login is not
 * enough: never a password on a command line), the commands that stop and start the server
 * (the copy replaces the data directory of a stopped server), and the margin of free space
 * required on top of the data size. {@code {node}} in the strings is replaced by the node's name.
 *
 * @param freeMarginBytes the margin of free space on top of the data size (free_margin_mb)
 */
public record DatabaseServerConfig(String defaultsFile, String start, String stop, long freeMarginBytes) {

    /** Debian's MariaDB option file. */
    public static final String DEFAULT_DEFAULTS_FILE = "/etc/mysql/my.cnf";

    public String defaultsFileFor(NodeConfig node) {
        return defaultsFile.replace("{node}", node.name());
    }

    public String startFor(NodeConfig node) {
        return start.replace("{node}", node.name());
    }

    public String stopFor(NodeConfig node) {
        return stop.replace("{node}", node.name());
    }
}
