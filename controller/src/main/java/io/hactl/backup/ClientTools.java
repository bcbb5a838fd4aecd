package io.hactl.backup;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MariaDB/MySQL client programs hactl runs: mariadb-dump (else mysqldump) and mariadb
 * (else mysql), found in PATH, and the connection arguments they share.
 */
public final class ClientTools {

    private ClientTools() {
    }

    public static Path dumpTool() {
        return find("mariadb-dump", "mysqldump");
    }

    public static Path clientTool() {
        return find("mariadb", "mysql");
    }

    static Path find(String... names) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String name : names) {
            for (String d : dirs) {
                if (d.isEmpty()) {
                    continue;
                }
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new DbToolException(String.join(" or ", names) + " not found in PATH: install the client programs"
                + " (Debian: apt-get install mariadb-client; bin/setup-host.sh does it)");
    }

    /**
     * The connection arguments, after the option file's: host, port, socket, user. A host
     * without a port uses the client's default port; no host: the local socket.
     */
    public static List<String> connection(DbEndpoint e, OptionFile options) {
        List<String> a = new ArrayList<>(options.arguments());
        if (e.host() != null) {
            a.add("--host=" + e.host());
        }
        if (e.port() != null) {
            a.add("--port=" + e.port());
        }
        if (e.socket() != null) {
            a.add("--socket=" + e.socket());
        }
        if (e.user() != null) {
            a.add("--user=" + e.user());
        }
        return a;
    }
}
