package io.hactl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A valid config in a temporary directory, with its key, known_hosts and password files: the
 * lab's full config ({@link #yaml()}) for the config tests, a short one ({@link #compactYaml}) for
 * the CLI tests.
 */
public final class ConfigFixture {

    /** A service line for {@link #compactYaml}: tomcat on port 8080. */
    public static final String TOMCAT = "  - {name: tomcat, start: /bin/true, stop: /bin/true, process: catalina, port: 8080}\n";
    /** A service line for {@link #compactYaml}: the backend, no port. */
    public static final String BACKEND = "  - {name: backend, start: /bin/true, stop: /bin/true, process: LabBackendService}\n";

    final Path dir;
    final Path key;
    final Path knownHosts;
    final Path dbPassword;
    final Path replPassword;

    public ConfigFixture(Path dir) throws IOException {
        this.dir = dir;
        key = privateFile("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        knownHosts = file("known_hosts", "198.51.100.11 ssh-ed25519 AAAA\n", "rw-r--r--");
        dbPassword = privateFile("hactl.password", "db-secret-value\n");
        replPassword = privateFile("repl.password", "repl-secret-value\n");
    }

    /** The lab's config, pointing at this fixture's files. */
    String yaml() {
        return """
                cluster: pair1
                nodes:
                  - name: n1
                    address: 198.51.100.11
                    interface: eth0
                    ssh:
                      port: 2222
                  - name: n2
                    address: 198.51.100.12
                    interface: eth1
                ssh:
                  user: root
                  key: KEY
                  known_hosts: KNOWN_HOSTS
                vips:
                  db: 198.51.100.89/24
                  app: 198.51.100.88/24
                database:
                  name: hactl_demo
                  user: hactl
                  password_file: DB_PASSWORD
                  replication:
                    user: repl
                    password_file: REPL_PASSWORD
                  error_log: /var/lib/hactl-lab/{node}/mysql/error.log
                services:
                  - name: backend
                    directory: /var/lib/hactl-lab/{node}/backend
                    start: /var/lib/hactl-lab/bin/backend-ctl start {node}
                    stop: /var/lib/hactl-lab/bin/backend-ctl stop {node}
                    process: "LabBackendService --node {node}"
                    port: 9090
                    start_timeout: 30s
                    log: /var/lib/hactl-lab/{node}/backend/backend.log
                  - name: tomcat
                    start: /var/lib/hactl-lab/bin/tomcat-ctl start {node}
                    stop: /var/lib/hactl-lab/bin/tomcat-ctl stop {node}
                    process: "-Dcatalina.base=/var/lib/hactl-lab/{node}/tomcat"
                    port: 8080
                start_order: [tomcat, backend]
                """
                .replace("KNOWN_HOSTS", knownHosts.toString())
                .replace("KEY", key.toString())
                .replace("REPL_PASSWORD", replPassword.toString())
                .replace("DB_PASSWORD", dbPassword.toString());
    }

    /**
     * A short valid config in flow style (two nodes, database, the given service lines, nothing
     * else), pointing at this fixture's files; sections may be appended after it.
     */
    public String compactYaml(String... services) {
        return """
                cluster: pair1
                nodes:
                  - {name: n1, address: 198.51.100.11, interface: eth0}
                  - {name: n2, address: 198.51.100.12, interface: eth0}
                ssh: {key: %s, known_hosts: %s}
                vips: {db: 198.51.100.89/24, app: 198.51.100.88/24}
                database:
                  name: hactl_demo
                  user: hactl
                  password_file: %s
                  replication: {user: repl, password_file: %s}
                services:
                """.formatted(key, knownHosts, dbPassword, replPassword) + String.join("", services);
    }

    /** Writes {@code yaml} as hactl.yml (mode 0600) and returns its path. */
    public Path write(String yaml) throws IOException {
        return file("hactl.yml", yaml, "rw-------");
    }

    /** The lab's config with {@code sections} appended, written and checked (no environment variables set). */
    ConfigReport report(String sections) throws IOException {
        return ConfigLoader.report(write(yaml() + sections), name -> null);
    }

    /** The errors of {@code yaml}, written and checked (no environment variables set). */
    List<ConfigProblem> errors(String yaml) throws IOException {
        return ConfigLoader.report(write(yaml), name -> null).errors();
    }

    /** {@code args} after {@code --config FILE}, the option given before the command (hactl --config F COMMAND). */
    public static String[] withConfig(Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** Writes {@code content} to {@code name} in the fixture's directory, mode 0600. */
    public Path privateFile(String name, String content) throws IOException {
        return file(name, content, "rw-------");
    }

    /** Writes {@code content} to {@code name} (its directories made) in the fixture's directory, with {@code mode}. */
    public Path file(String name, String content, String mode) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    /** The 1-based line of the first line of {@code yaml} containing {@code text}. */
    static int lineOf(String yaml, String text) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + text);
    }

    /** The 1-based line of the n-th (0-based) line containing {@code text}. */
    static int lineOf(String yaml, String text, int occurrence) {
        List<String> lines = yaml.lines().toList();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text) && seen++ == occurrence) {
                return i + 1;
            }
        }
        throw new AssertionError("no occurrence " + occurrence + " of " + text);
    }

    /** The repository's root (where conf/ is), found from the working directory upwards. */
    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("conf"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("conf/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
