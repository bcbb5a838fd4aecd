package io.hactl.cli;

import io.hactl.backup.DbEndpoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The seed's connection flags of db_backup.sh and db_restore.sh: -h host, -u user, -p, -D database; plus port and socket. */
public final class DbConnectionOptions {

    @Option(names = {"-h", "--host"}, paramLabel = "HOST",
            description = "Server host or address. Default: the local server, through its socket.")
    String host;

    @Option(names = {"-P", "--port"}, paramLabel = "PORT", description = "Server port. Default: the client's (3306).")
    Integer port;

    @Option(names = {"-S", "--socket"}, paramLabel = "FILE", description = "Unix socket of a local server.")
    String socket;

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "MySQL user. Default: the operating-system user (socket authentication).")
    String user;

    @Option(names = {"-p", "--password"}, arity = "0..1", fallbackValue = DbCli.PROMPT, paramLabel = "",
            description = "Ask for the password (on the terminal, else one line of standard input). A value here is"
                    + " refused: it would be visible in ps.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE (mode 0600).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "Read the password from the environment variable VARIABLE.")
    String passwordEnv;

    @Option(names = {"-D", "--database"}, paramLabel = "DATABASE",
            description = "The database. Default: database.name of the config, when there is one.")
    String database;

    /** The endpoint, with the password resolved (asked, read from a file or the environment). */
    DbEndpoint endpoint(String database) {
        String who = (user != null ? user : System.getProperty("user.name")) + "@" + (host != null ? host : "localhost");
        String pw = DbCli.password("-p", password, "--password-file", passwordFile, "--password-env", passwordEnv, who);
        return new DbEndpoint(host, port, socket, user, pw, database);
    }
}
