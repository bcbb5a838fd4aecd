package io.hactl.lab;

import io.hactl.check.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The lab directory's files: its tmpfs, keys, secrets, my.cnf, sshd_config, the Tomcat bases,
 * the services' scripts and jar, hactl's config (LabTexts writes the texts), and lab.json.
 */
final class LabFiles {

    /**
     * The lab directory is a tmpfs (unless HACTL_LAB_TMPFS=0): this machine's disk takes
     * 0.5-2.5 s (fsync latency) for a mariadb-install-db that takes 0.35 s in memory, and
     * commits in tests get no disk jitter. kill -9 loses nothing more than on disk (the
     * kernel keeps the page cache either way); only a machine crash would, and the lab
     * does not survive one anyway.
     */
    static final String TMPFS_SOURCE = "hactl-lab";
    static final String TMPFS_SIZE = "2g";

    private final LabLayout layout;
    private final LabShell shell;
    private final LabLog log;
    private final LabProcesses procs;

    LabFiles(LabLayout layout, LabShell shell, LabLog log, LabProcesses procs) {
        this.layout = layout;
        this.shell = shell;
        this.log = log;
        this.procs = procs;
    }

    /** Everything of the lab directory a fresh lab needs; returns the directory. */
    String writeFiles() {
        try {
            mkdir(layout.dir(), "rwxr-xr-x");
            if (tmpfs()) {
                shell.check("host", "mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0755,uid=0,gid=0",
                        TMPFS_SOURCE, layout.dir().toString());
            }
            log.attach();
            mkdir(layout.sshDir(), "rwx------");
            mkdir(layout.secretsDir(), "rwx------");
            mkdir(layout.binDir(), "rwxr-xr-x");
            mkdir(layout.backupDir(), "rwx------");
            mkdir(layout.hactlStateDir(), "rwx------");
            writeSecret(layout.hactlPassword(), randomPassword());
            writeSecret(layout.replPassword(), randomPassword());
            writeSecret(layout.appPassword(), randomPassword());
            writeSecret(layout.operatorToken(), randomPassword());

            List<Runnable> keygen = new ArrayList<>();
            keygen.add(() -> sshKeygen(layout.key(), "hactl-lab"));
            for (LabNode n : LabNode.ALL) {
                mkdir(layout.nodeDir(n), "rwxr-xr-x");
                mkdir(layout.sshdDir(n), "rwxr-xr-x");
                keygen.add(() -> sshKeygen(layout.hostKey(n), "hactl-lab-" + n.name()));
            }
            Parallel.run(keygen);
            write(layout.authorizedKeys(), LabTexts.authorizedKeysLine(Files.readString(layout.publicKey())), "rw-------");
            StringBuilder known = new StringBuilder();
            for (LabNode n : LabNode.ALL) {
                known.append(LabTexts.knownHostsLine(n, Files.readString(Path.of(layout.hostKey(n) + ".pub"))));
            }
            write(layout.knownHosts(), known.toString(), "rw-r--r--");

            String javaHome = System.getProperty("java.home");
            String serverXml = LabTexts.labServerXml(Files.readString(LabLayout.TOMCAT_CONF_SOURCE.resolve("server.xml")));
            for (LabNode n : LabNode.ALL) {
                Path mysql = layout.mysqlDir(n);
                mkdir(mysql, "rwxr-xr-x");
                write(layout.myCnf(n), LabTexts.myCnf(layout, n), "rw-r--r--");
                chownMysql(mysql);
                write(layout.sshdConfig(n), LabTexts.sshdConfig(layout, n), "rw-r--r--");
                Path base = layout.tomcatBase(n);
                mkdir(base, "rwxr-xr-x");
                copyTree(LabLayout.TOMCAT_CONF_SOURCE, base.resolve("conf"));
                write(base.resolve("conf/server.xml"), serverXml, "rw-r-----");
                Files.writeString(base.resolve("conf/catalina.properties"), LabTexts.CATALINA_PROPERTIES_ADDITION,
                        StandardOpenOption.APPEND);
                for (String d : List.of("logs", "temp", "work", "webapps/ROOT")) {
                    Files.createDirectories(base.resolve(d));
                }
                write(base.resolve("webapps/ROOT/index.html"), LabTexts.indexHtml(n), "rw-r--r--");
                mkdir(layout.backendDir(n), "rwxr-xr-x");
            }
            write(layout.backendCtl(), LabTexts.backendCtl(layout, javaHome), "rwxr-xr-x");
            write(layout.tomcatCtl(), LabTexts.tomcatCtl(layout, javaHome), "rwxr-xr-x");
            writeMariadbCtl();
            writeBackendJar(layout.backendJar());
            write(layout.config(), LabTexts.hactlYml(layout, operatorTokenSha256()), "rw-------");
            return layout.dir().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** bin/mariadb-ctl (database.server.start/stop); heal writes it too, for a lab brought up before it existed. */
    void writeMariadbCtl() {
        try {
            write(layout.mariadbCtl(), LabTexts.mariadbCtl(layout), "rwxr-xr-x");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** n2's datadir a copy of n1's fresh install (cp -a keeps the mysql owner). */
    void copyDataDir(LabNode from, LabNode to) {
        shell.check(to.name(), "cp", "-a", layout.dataDir(from).toString(), layout.dataDir(to).toString());
    }

    private void sshKeygen(Path key, String comment) {
        shell.check("host", Duration.ofSeconds(20), null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", key.toString());
    }

    /** lab.json: names, addresses, MACs, pid files and the PIDs at up, the witness, the ensemble; returns its path. */
    String writeState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("dir", layout.dir().toString());
        state.put("config", layout.config().toString());
        state.put("up_at", Instant.now().toString());
        state.put("java_home", System.getProperty("java.home"));
        state.put("bridge", Map.of("name", LabNetwork.BRIDGE, "address", LabNetwork.HOST_ADDRESS + "/24",
                "mac", LabNetwork.BRIDGE_MAC));
        state.put("vips", Map.of("db", LabNetwork.DB_VIP + "/24", "app", LabNetwork.APP_VIP + "/24"));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (LabNode n : LabNode.ALL) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("namespace", n.namespace());
            m.put("address", n.address() + "/24");
            m.put("interface", LabNetwork.IFACE);
            m.put("mac", n.mac());
            m.put("host_veth", n.hostVeth());
            m.put("host_veth_mac", n.hostMac());
            Map<String, Object> pids = new LinkedHashMap<>();
            Map<String, Object> pidFiles = new LinkedHashMap<>();
            for (String c : Lab.COMPONENTS) {
                pidFiles.put(c, layout.pidFile(n, c).toString());
                OptionalLong pid = procs.livePid(n, c);
                pids.put(c, pid.isPresent() ? pid.getAsLong() : null);
            }
            m.put("pid_files", pidFiles);
            m.put("pids_at_up", pids);
            nodes.add(m);
        }
        state.put("nodes", nodes);
        LabNode w = LabNode.W;
        Map<String, Object> witness = new LinkedHashMap<>();
        witness.put("name", w.name());
        witness.put("namespace", w.namespace());
        witness.put("address", w.address() + "/24");
        witness.put("interface", LabNetwork.IFACE);
        witness.put("mac", w.mac());
        witness.put("host_veth", w.hostVeth());
        witness.put("host_veth_mac", w.hostMac());
        state.put("witness", witness);
        List<Map<String, Object>> members = new ArrayList<>();
        for (LabNode n : LabNode.HOSTS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.name());
            m.put("myid", n.serverId());
            m.put("client", n.address() + ":" + LabZookeeper.CLIENT_PORT);
            m.put("quorum_port", LabZookeeper.QUORUM_PORT);
            m.put("election_port", LabZookeeper.ELECTION_PORT);
            m.put("config", layout.zooCfg(n).toString());
            m.put("pid_file", layout.zookeeperPid(n).toString());
            OptionalLong pid = procs.livePid(n, "zookeeper");
            m.put("pid_at_up", pid.isPresent() ? pid.getAsLong() : null);
            members.add(m);
        }
        Map<String, Object> zookeeper = new LinkedHashMap<>();
        zookeeper.put("connect_string", LabZookeeper.CONNECT_STRING);
        zookeeper.put("members", members);
        state.put("zookeeper", zookeeper);
        try {
            Files.writeString(layout.stateFile(), ReportJson.write(state) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout.stateFile().toString();
    }

    /** SHA-256 (hex) of the lab operator's token, as the lab's hactl.yml holds it. */
    String operatorTokenSha256() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(secret(layout.operatorToken()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean tmpfs() {
        return !"0".equals(System.getenv("HACTL_LAB_TMPFS"));
    }

    static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Written 0600 from the start (never world-readable, not even for a moment), no trailing newline. */
    static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static String secret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void mkdir(Path dir, String perms) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
    }

    private static void write(Path file, String text, String perms) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }

    private static void chownMysql(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName("mysql");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("mysql");
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes {@code root} and everything under it; nothing to do when it does not exist. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new LabException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** The last lines of a daemon's log, for a timeout's message. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "last lines of " + file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + file + ")";
        }
    }

    /**
     * The backend runs from its own small jar in the lab's bin/ (the LabBackendService
     * classes only): rebuilding hactl while the lab runs does not pull a jar from under it.
     */
    static void writeBackendJar(Path jar) throws IOException {
        String prefix = LabBackendService.class.getName().replace('.', '/');
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try {
            Path src = Path.of(LabBackendService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(src)) {
                Path dir = src.resolve(prefix).getParent();
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        String name = p.getFileName().toString();
                        if (name.startsWith(LabBackendService.class.getSimpleName()) && name.endsWith(".class")) {
                            classes.put(src.relativize(p).toString(), Files.readAllBytes(p));
                        }
                    }
                }
            } else {
                try (JarFile jf = new JarFile(src.toFile())) {
                    for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        if (je.getName().startsWith(prefix) && je.getName().endsWith(".class")) {
                            try (InputStream in = jf.getInputStream(je)) {
                                classes.put(je.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            classes.clear();
        }
        if (classes.isEmpty()) {
            try (InputStream in = LabBackendService.class.getResourceAsStream(LabBackendService.class.getSimpleName() + ".class")) {
                if (in == null) {
                    throw new IOException("cannot find the LabBackendService class file");
                }
                classes.put(prefix + ".class", in.readAllBytes());
            }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LabBackendService.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey()));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
