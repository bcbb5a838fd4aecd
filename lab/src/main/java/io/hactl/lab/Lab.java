package io.hactl.lab;

import io.hactl.model.GtidComparison;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The two-node lab: a real active/passive pair on this machine, built with network
 * namespaces (see docs/lab.md). Needs root for everything but {@link #status()}.
 *
 * <p>Baseline after {@link #up()} or {@link #heal()}: bridge {@code hactl-br}
 * 198.51.100.1/24; n1 (198.51.100.11, namespace hactl-n1) MariaDB master, writable,
 * holding both VIPs (db 198.51.100.89, app 198.51.100.88) and running the services
 * backend (:9090) and tomcat (:8080); n2 (198.51.100.12) MariaDB replica of n1 with
 * GTID (slave_pos), read_only, no VIP, services stopped; sshd on both.
 *
 * <p>Fault helpers for tests: {@link #killMariadb}, {@link #startMariadb},
 * {@link #linkDown}, {@link #linkUp}, {@link #isolate}, {@link #rejoin}, {@link #addVip}, {@link #removeVip},
 * {@link #serviceCtl}; {@link #heal()} returns to the baseline. {@link #sqlAsRoot} and
 * {@link #nsExec} run things on a node. Node names are "n1" and "n2".
 *
 * <p>up, down and heal hold an exclusive lock ({@code /run/lock/hactl-lab.lock}) so two
 * processes never build or tear down the lab at the same time.
 */
public final class Lab {

    /** The four processes per node, as status reports them. */
    public static final List<String> COMPONENTS = List.of("mariadb", "sshd", "tomcat", "backend");
    /** The application services, in start order. */
    public static final List<String> SERVICES = List.of("backend", "tomcat");
    /** The lab's application database (seeded on n1, replicated to n2). */
    public static final String DATABASE = "hactl_demo";

    static final Path LOCK_FILE = Path.of("/run/lock/hactl-lab.lock");
    /**
     * The lab directory is a tmpfs (unless HACTL_LAB_TMPFS=0): this machine's disk takes
     * 0.5-2.5 s (fsync latency) for a mariadb-install-db that takes 0.35 s in memory, and
     * commits in tests get no disk jitter. kill -9 loses nothing more than on disk (the
     * kernel keeps the page cache either way); only a machine crash would, and the lab
     * does not survive one anyway.
     */
    static final String TMPFS_SOURCE = "hactl-lab";
    static final String TMPFS_SIZE = "2g";
    private static final Duration TERM_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();
    private static FileChannel lockChannel;
    private static FileLock fileLock;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hactl-lab");
        t.setDaemon(true);
        return t;
    });

    /** What {@code lab up} needs, program to Debian package. */
    static final Map<String, String> REQUIRED_PROGRAMS = requiredPrograms();

    private final LabLayout layout;
    private final Consumer<String> progress;
    private final Host host;
    private final LabLog log;

    /** The lab at /var/lib/hactl-lab, progress lines discarded. */
    public Lab() {
        this(line -> { });
    }

    /** The lab at /var/lib/hactl-lab; {@code progress} gets one line per step of up, down and heal. */
    public Lab(Consumer<String> progress) {
        this(LabLayout.standard(), progress, Host.REAL);
    }

    Lab(LabLayout layout, Consumer<String> progress, Host host) {
        this.layout = layout;
        this.progress = progress;
        this.host = host;
        this.log = new LabLog(layout.log());
    }

    /** The lab directory, /var/lib/hactl-lab. */
    public Path dir() {
        return layout.dir();
    }

    /** hactl's config for the lab, /var/lib/hactl-lab/hactl.yml. */
    public Path config() {
        return layout.config();
    }

    public LabLayout layout() {
        return layout;
    }

    // ------------------------------------------------------------------ up

    /** One step of {@code up}, {@code down} or {@code heal}. */
    public record Step(String name, Duration took, String detail) {
    }

    /** What {@link #up()} did. */
    public record UpReport(List<Step> steps, Duration total) {
    }

    /**
     * Builds the lab from nothing. Whatever exists of a previous lab (a running one, or the
     * leftovers of a killed run) is torn down first. On failure the partial lab is left in
     * place for inspection (see lab.log); the next {@code up} or {@code down} clears it.
     */
    public UpReport up() {
        preflight("up");
        return locked(() -> {
            long t0 = System.nanoTime();
            List<Step> steps = new ArrayList<>();
            log.buffer();
            try {
                return buildFresh(t0, steps);
            } finally {
                log.attach();
            }
        });
    }

    private UpReport buildFresh(long t0, List<Step> steps) {
        log.line("lab up");
        step(steps, "clean up leftovers", () -> {
            Leftovers found = discover();
            if (found.isEmpty()) {
                return "nothing found";
            }
            teardown(found);
            return "removed " + found.summary();
        });
        step(steps, "files, keys, secrets", this::writeFiles);
        step(steps, "network", this::buildNetwork);
        step(steps, "mariadb install", () -> {
            // One install, copied: two mariadb-install-db at once take ~1.4 s here, one ~0.4 s.
            installMariadb(LabNode.N1);
            check("n2", "cp", "-a", layout.dataDir(LabNode.N1).toString(), layout.dataDir(LabNode.N2).toString());
            return "n1, copied to n2";
        });
        step(steps, "mariadb + sshd start", () -> {
            List<Runnable> tasks = new ArrayList<>();
            for (LabNode n : LabNode.ALL) {
                tasks.add(() -> startMariadbProcess(n));
                tasks.add(() -> startSshd(n));
            }
            parallel(tasks);
            return "n1, n2";
        });
        step(steps, "seed n1", this::seed);
        step(steps, "replication n2 <- n1", () -> {
            configureReplica(LabNode.N2, LabNode.N1);
            return "caught up at " + waitCaughtUp(LabNode.N2, LabNode.N1, Duration.ofSeconds(30));
        });
        step(steps, "VIPs on n1", () -> {
            parallel(List.of(() -> addVip(LabNode.N1, LabNetwork.DB_VIP), () -> addVip(LabNode.N1, LabNetwork.APP_VIP)));
            return LabNetwork.DB_VIP + " " + LabNetwork.APP_VIP;
        });
        step(steps, "services on n1", () -> {
            startServices(LabNode.N1);
            return "HTTP 200 from " + LabNetwork.APP_VIP + ":8080 and " + LabNode.N1.address() + ":9090";
        });
        step(steps, "state", this::writeState);
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        log.line("lab up done in " + millis(total));
        return new UpReport(steps, total);
    }

    private void step(List<Step> steps, String name, Supplier<String> body) {
        long t = System.nanoTime();
        String detail;
        try {
            detail = body.get();
        } catch (LabException e) {
            log.line("step '" + name + "' failed: " + e.getMessage());
            throw new LabException(name + ": " + e.getMessage() + logHint(), e.exitCode(), e);
        } catch (RuntimeException e) {
            log.line("step '" + name + "' failed: " + e);
            throw new LabException(name + ": " + e + logHint(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        steps.add(new Step(name, took, detail));
        String line = String.format(Locale.ROOT, "%-22s %6.2f s  %s", name, took.toNanos() / 1e9, detail == null ? "" : detail);
        log.line(line);
        progress.accept(line);
    }

    private String logHint() {
        return Files.exists(layout.log()) ? " (see " + layout.log() + ")" : "";
    }

    /** Refuses clearly when not root or when a program the lab needs is missing. */
    void preflight(String what) {
        if (!host.isRoot()) {
            throw LabException.precondition("lab " + what + " needs root: it "
                    + (what.equals("down") ? "deletes" : "creates") + " network namespaces; run with sudo");
        }
        if (what.equals("down")) {
            return;
        }
        List<String> missing = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        REQUIRED_PROGRAMS.forEach((program, pkg) -> {
            if (host.which(program) == null) {
                missing.add(program);
                packages.add(pkg);
            }
        });
        if (!missing.isEmpty()) {
            throw LabException.precondition("lab " + what + " needs " + String.join(", ", missing)
                    + " (Debian package" + (packages.size() > 1 ? "s " : " ") + String.join(", ", packages)
                    + "): run sudo bin/setup-host.sh");
        }
        if (!host.hasHabetsArping()) {
            throw LabException.precondition("lab " + what + " needs Thomas Habets' arping (Debian package arping, "
                    + "not iputils-arping): run sudo bin/setup-host.sh");
        }
    }

    private static Map<String, String> requiredPrograms() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ip", "iproute2");
        m.put("bridge", "iproute2");
        m.put("mariadbd", "mariadb-server");
        m.put("mariadb-install-db", "mariadb-server");
        m.put("mariadb", "mariadb-client");
        m.put("mariadb-admin", "mariadb-client");
        m.put("sshd", "openssh-server");
        m.put("ssh-keygen", "openssh-client");
        m.put("arping", "arping");
        m.put("setsid", "util-linux");
        m.put(LabLayout.CATALINA_HOME.resolve("bin/catalina.sh").toString(), "tomcat10");
        return java.util.Collections.unmodifiableMap(m);
    }

    // ------------------------------------------------------------------ files

    private String writeFiles() {
        try {
            mkdir(layout.dir(), "rwxr-xr-x");
            if (tmpfs()) {
                check("host", "mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0755,uid=0,gid=0", TMPFS_SOURCE,
                        layout.dir().toString());
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
            parallel(keygen);
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
            writeBackendJar(layout.backendJar());
            write(layout.config(), LabTexts.hactlYml(layout, operatorTokenSha256()), "rw-------");
            return layout.dir().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sshKeygen(Path key, String comment) {
        check("host", Duration.ofSeconds(20), null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", key.toString());
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Written 0600 from the start (never world-readable, not even for a moment), no trailing newline. */
    private static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private String secret(Path file) {
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

    private String writeState() {
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
            for (String c : COMPONENTS) {
                pidFiles.put(c, layout.pidFile(n, c).toString());
                OptionalLong pid = livePid(n, c);
                pids.put(c, pid.isPresent() ? pid.getAsLong() : null);
            }
            m.put("pid_files", pidFiles);
            m.put("pids_at_up", pids);
            nodes.add(m);
        }
        state.put("nodes", nodes);
        try {
            Files.writeString(layout.stateFile(), io.hactl.check.ReportJson.write(state) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout.stateFile().toString();
    }

    // ------------------------------------------------------------------ network

    /** {@code /etc/netns/NS/}: files that {@code ip netns exec} bind-mounts over /etc for the node's processes. */
    static Path netnsEtc(LabNode n) {
        return Path.of("/etc/netns", n.namespace());
    }

    /**
     * The node's processes (sshd, and the shells it starts for hactl's commands) see a passwd
     * in which root's home is an empty directory of the lab: this machine's root .bashrc
     * (pyenv init, ~0.1 s idle, seconds under load) is not run for every SSH command, so the
     * lab measures hactl, not the host's shell setup. {@code ip netns exec} bind-mounts
     * {@code /etc/netns/NS/passwd} over /etc/passwd; removed with the lab.
     */
    private void quietHome(LabNode n) {
        try {
            Path home = layout.dir().resolve("home-" + n.name());
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            StringBuilder pw = new StringBuilder();
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length == 7 && f[0].equals("root")) {
                    f[5] = home.toString();
                    line = String.join(":", f);
                }
                pw.append(line).append('\n');
            }
            Files.createDirectories(netnsEtc(n));
            Files.writeString(netnsEtc(n).resolve("passwd"), pw.toString());
            Files.setPosixFilePermissions(netnsEtc(n).resolve("passwd"), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new LabException("cannot write " + netnsEtc(n) + "/passwd: " + e.getMessage(), e);
        }
    }

    private static void removeNetnsEtc() {
        for (LabNode n : LabNode.ALL) {
            Path d = netnsEtc(n);
            try {
                Files.deleteIfExists(d.resolve("passwd"));
                Files.deleteIfExists(d);
            } catch (IOException e) {
                throw new LabException("cannot remove " + d + ": " + e.getMessage(), e);
            }
        }
    }

    private String buildNetwork() {
        String br = LabNetwork.BRIDGE;
        check("host", "ip", "link", "add", br, "address", LabNetwork.BRIDGE_MAC, "type", "bridge");
        disableIpv6(br);
        check("host", "ip", "addr", "add", LabNetwork.HOST_ADDRESS + "/24", "dev", br);
        check("host", "ip", "link", "set", br, "up");
        for (LabNode n : LabNode.ALL) {
            String ns = n.namespace();
            check(n.name(), "ip", "netns", "add", ns);
            quietHome(n);
            // no IPv6 in the node: no link-local chatter, only 198.51.100.0/24 on the wire
            check(n.name(), "ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1");
            check(n.name(), "ip", "link", "add", n.hostVeth(), "address", n.hostMac(), "type", "veth",
                    "peer", "name", LabNetwork.IFACE, "address", n.mac(), "netns", ns);
            disableIpv6(n.hostVeth());
            check(n.name(), "ip", "link", "set", n.hostVeth(), "master", br, "up");
            check(n.name(), "ip", "-n", ns, "addr", "add", n.address() + "/24", "dev", LabNetwork.IFACE);
            announceOwnAddress(n);
            check(n.name(), "ip", "-n", ns, "link", "set", LabNetwork.IFACE, "up");
            check(n.name(), "ip", "-n", ns, "link", "set", "lo", "up");
        }
        return br + " " + LabNetwork.HOST_ADDRESS + "/24, hactl-n1 " + LabNode.N1.address() + ", hactl-n2 "
                + LabNode.N2.address();
    }

    private static void disableIpv6(String link) {
        Path p = Path.of("/proc/sys/net/ipv6/conf", link, "disable_ipv6");
        try {
            if (Files.exists(p)) {
                Files.writeString(p, "1");
            }
        } catch (IOException e) {
            // IPv6 off in this kernel: nothing to disable
        }
    }

    // ------------------------------------------------------------------ mariadb

    private void installMariadb(LabNode n) {
        check(n.name(), Duration.ofSeconds(120), null, "mariadb-install-db", "--defaults-file=" + layout.myCnf(n),
                "--skip-test-db", "--auth-root-authentication-method=socket");
    }

    /** Starts mariadbd in the node's namespace, detached, and waits until it answers a ping on its socket. */
    private void startMariadbProcess(LabNode n) {
        // UMASK (MariaDB's file creation mode): pid file and error log readable, so 'lab status' works without root
        spawn(n, layout.mariadbOut(n), which("env"), "UMASK=0644", which("mariadbd"), "--defaults-file=" + layout.myCnf(n));
        Poll.await("MariaDB on " + n + " to answer ping", Duration.ofSeconds(60), Duration.ofMillis(50),
                () -> mariadbPing(n), () -> tail(layout.errorLog(n), 5));
    }

    private boolean mariadbPing(LabNode n) {
        if (!Files.exists(layout.socket(n))) {
            return false;
        }
        return LocalShell.exec(n.name(), List.of("mariadb-admin", "--no-defaults", "--socket=" + layout.socket(n),
                "-uroot", "--connect-timeout=2", "ping"), "mariadb-admin ping", null, Duration.ofSeconds(5)).ok();
    }

    private String seed() {
        String hactl = secret(layout.hactlPassword());
        String repl = secret(layout.replPassword());
        sql(LabNode.N1, """
                CREATE DATABASE hactl_demo;
                CREATE TABLE hactl_demo.demo_writes (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                  note VARCHAR(200)
                );
                INSERT INTO hactl_demo.demo_writes (note) VALUES ('seed 1'), ('seed 2'), ('seed 3');
                CREATE USER 'hactl'@'198.51.100.%%' IDENTIFIED BY '%s';
                GRANT ALL PRIVILEGES ON *.* TO 'hactl'@'198.51.100.%%' WITH GRANT OPTION;
                CREATE USER 'repl'@'198.51.100.%%' IDENTIFIED BY '%s';
                GRANT REPLICATION SLAVE ON *.* TO 'repl'@'198.51.100.%%';
                """.formatted(hactl, repl) + appUserSql(secret(layout.appPassword())), Duration.ofSeconds(30));
        return "hactl_demo.demo_writes (3 rows), users hactl, repl, app";
    }

    /**
     * The application's user: SELECT and INSERT on hactl_demo only, so read_only stops it
     * (MariaDB's read_only does not stop users with READ_ONLY ADMIN, which hactl's ALL
     * PRIVILEGES includes). Tests and the switchover bench write through the DB VIP as it.
     */
    static String appUserSql(String password) {
        return """
                CREATE USER IF NOT EXISTS 'app'@'198.51.100.%%' IDENTIFIED BY '%1$s';
                ALTER USER 'app'@'198.51.100.%%' IDENTIFIED BY '%1$s';
                GRANT SELECT, INSERT ON hactl_demo.* TO 'app'@'198.51.100.%%';
                """.formatted(password);
    }

    /** The application user's password (secrets/app.password). */
    /** SHA-256 (hex) of the lab operator's token, as the lab's hactl.yml holds it. */
    public String operatorTokenSha256() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret(layout.operatorToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String appPassword() {
        return secret(layout.appPassword());
    }

    /**
     * A lab built before the app user existed gets it (and its password file) on heal;
     * created on n1 (the baseline master), n2 gets it by replication.
     */
    private void ensureAppUser(List<String> actions) {
        try {
            boolean newSecret = !Files.exists(layout.appPassword());
            if (newSecret) {
                writeSecret(layout.appPassword(), randomPassword());
            }
            String have = sql(LabNode.N1, "SELECT COUNT(*) FROM mysql.user WHERE User='app' AND Host='198.51.100.%'",
                    Duration.ofSeconds(10)).strip();
            if (newSecret || !"1".equals(have)) {
                actions.add("create user app on n1");
                sql(LabNode.N1, appUserSql(secret(layout.appPassword())), Duration.ofSeconds(10));
                waitCaughtUp(LabNode.N2, LabNode.N1, Duration.ofSeconds(15));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CHANGE MASTER on {@code replica} to {@code master} (password on stdin), START SLAVE. */
    private void configureReplica(LabNode replica, LabNode master) {
        sql(replica, """
                CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='%s',
                  MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1;
                START SLAVE;
                """.formatted(master.address(), secret(layout.replPassword())), Duration.ofSeconds(30));
    }

    /**
     * Waits (MASTER_GTID_WAIT, server side, bounded) until {@code replica} has applied
     * everything in {@code master}'s binlog; returns that position.
     */
    private String waitCaughtUp(LabNode replica, LabNode master, Duration timeout) {
        String pos = sql(master, "SELECT @@gtid_binlog_pos", Duration.ofSeconds(10)).strip();
        String r = sql(replica, "SELECT MASTER_GTID_WAIT('" + pos + "', " + timeout.toSeconds() + ")",
                timeout.plusSeconds(10)).strip();
        if (!r.equals("0")) {
            Map<String, String> s = slaveStatus(replica);
            throw new LabException(replica + " did not catch up with " + master + " (" + pos + ") in "
                    + timeout.toSeconds() + " s: IO " + s.get("Slave_IO_Running") + " " + s.get("Last_IO_Error")
                    + ", SQL " + s.get("Slave_SQL_Running") + " " + s.get("Last_SQL_Error"));
        }
        String tables = sql(replica, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='hactl_demo' "
                + "AND table_name='demo_writes'", Duration.ofSeconds(10)).strip();
        if (!tables.equals("1")) {
            throw new LabException(replica + " caught up but has no hactl_demo.demo_writes");
        }
        return pos;
    }

    /** SHOW SLAVE STATUS as column to value; empty when no replication is configured. */
    Map<String, String> slaveStatus(LabNode n) {
        CommandResult r = run(n.name(), Duration.ofSeconds(10), "SHOW SLAVE STATUS\n", mariadbArgs(n, false));
        if (!r.ok()) {
            throw new LabException("SHOW SLAVE STATUS on " + n + ": " + r.err().strip());
        }
        String[] lines = r.out().split("\n");
        Map<String, String> m = new LinkedHashMap<>();
        if (lines.length < 2) {
            return m;
        }
        String[] keys = lines[0].split("\t", -1);
        String[] values = lines[1].split("\t", -1);
        for (int i = 0; i < keys.length && i < values.length; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    private String[] mariadbArgs(LabNode n, boolean skipColumnNames) {
        List<String> a = new ArrayList<>(List.of("mariadb", "--no-defaults", "--protocol=socket",
                "--socket=" + layout.socket(n), "-uroot", "--batch", "--connect-timeout=5"));
        if (skipColumnNames) {
            a.add("--skip-column-names");
        }
        return a.toArray(String[]::new);
    }

    private String sql(LabNode n, String sql, Duration timeout) {
        CommandResult r = run(n.name(), timeout, sql, mariadbArgs(n, true));
        if (!r.ok()) {
            throw new LabException("SQL as root on " + n + " failed: " + (r.err() == null ? "" : r.err().strip()));
        }
        return r.out();
    }

    // ------------------------------------------------------------------ sshd, services

    private void startSshd(LabNode n) {
        try {
            Path run = Path.of("/run/sshd");
            Files.createDirectories(run);
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spawn(n, layout.sshdLog(n), which("sshd"), "-D", "-f", layout.sshdConfig(n).toString(),
                "-E", layout.sshdLog(n).toString());
        Poll.await("sshd on " + n + " to listen on " + n.address() + ":22", Duration.ofSeconds(20), POLL,
                () -> tcpOpen(n.address(), 22) && livePid(n, "sshd").isPresent(), () -> tail(layout.sshdLog(n), 5));
    }

    private void startServices(LabNode n) {
        for (String s : SERVICES) {
            CommandResult r = ctl(n, s, "start");
            if (!r.ok()) {
                throw new LabException(s + "-ctl start " + n + " failed: " + r.out().strip() + " " + r.err().strip());
            }
        }
        String vipOrNode = n.equals(LabNode.N1) ? LabNetwork.APP_VIP : n.address();
        Poll.await("backend on " + n + " to answer HTTP 200 on " + n.address() + ":9090", Duration.ofSeconds(30), POLL,
                () -> httpStatus(n.address(), 9090) == 200, () -> tail(layout.backendLog(n), 5));
        Poll.await("tomcat on " + n + " to answer HTTP 200 on " + vipOrNode + ":8080", Duration.ofSeconds(60), POLL,
                () -> httpStatus(vipOrNode, 8080) == 200, () -> tail(layout.catalinaOut(n), 5));
    }

    private CommandResult ctl(LabNode n, String service, String action) {
        Path script = switch (service) {
            case "backend" -> layout.backendCtl();
            case "tomcat" -> layout.tomcatCtl();
            default -> throw new IllegalArgumentException("no lab service " + service + " (backend, tomcat)");
        };
        return run(n.name(), Duration.ofSeconds(40), null, "ip", "netns", "exec", n.namespace(), script.toString(),
                action, n.name());
    }

    /** Starts {@code argv} in the node's namespace in a session of its own, output appended to {@code out}. */
    private void spawn(LabNode n, Path out, String... argv) {
        StringBuilder cmd = new StringBuilder(which("ip")).append(" netns exec ").append(n.namespace()).append(' ')
                .append(which("setsid"));
        for (String a : argv) {
            cmd.append(' ').append(shQuote(a));
        }
        cmd.append(" </dev/null >>").append(shQuote(out.toString())).append(" 2>&1 &");
        check(n.name(), Duration.ofSeconds(10), null, "sh", "-c", cmd.toString());
    }

    static String shQuote(String s) {
        if (s.matches("[A-Za-z0-9_./=:@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ------------------------------------------------------------------ VIPs

    private void addVip(LabNode n, String vip) {
        String cidr = LabNetwork.withPrefix(vip);
        if (addresses(n).contains(cidr)) {
            return;
        }
        CommandResult r = run(n.name(), Duration.ofSeconds(10), null, "ip", "-n", n.namespace(), "addr", "add", cidr,
                "dev", LabNetwork.IFACE);
        if (!r.ok() && !r.err().contains("File exists") && !r.err().contains("already assigned")) {
            throw new LabException(r.describe());
        }
        gratuitousArp(n, LabNetwork.bare(cidr));
    }

    /** One unsolicited ARP request (Habets arping -U): neighbours update their entry for the VIP at once. */
    private void gratuitousArp(LabNode n, String ip) {
        CommandResult r = run(n.name(), Duration.ofSeconds(10), null, "ip", "netns", "exec", n.namespace(), "arping",
                "-q", "-U", "-c", "1", "-w", "0", "-i", LabNetwork.IFACE, "-S", ip, ip);
        // exit 1 = no reply, which is what an unsolicited ARP gets; anything else is a failure
        if (r.exit() != 0 && r.exit() != 1 || !r.err().isBlank()) {
            throw new LabException("gratuitous ARP for " + ip + " " + r.describe());
        }
    }

    private void removeVip(LabNode n, String vip) {
        String cidr = LabNetwork.withPrefix(vip);
        if (!addresses(n).contains(cidr)) {
            return;
        }
        CommandResult r = run(n.name(), Duration.ofSeconds(10), null, "ip", "-n", n.namespace(), "addr", "del", cidr,
                "dev", LabNetwork.IFACE);
        if (!r.ok() && !r.err().contains("Cannot assign requested address") && !r.err().contains("not found")) {
            throw new LabException(r.describe());
        }
    }

    /** IPv4 addresses on the node's eth0, as "198.51.100.11/24". */
    private List<String> addresses(LabNode n) {
        CommandResult r = run(n.name(), Duration.ofSeconds(5), null, "ip", "-n", n.namespace(), "-o", "-4", "addr",
                "show", "dev", LabNetwork.IFACE);
        List<String> list = new ArrayList<>();
        if (!r.ok()) {
            return list;
        }
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet")) {
                    list.add(f[i + 1]);
                }
            }
        }
        return list;
    }

    // ------------------------------------------------------------------ down

    /** What discover() found of a lab, running or left over. */
    record Leftovers(List<String> namespaces, List<String> links, Set<Long> pids, boolean dirExists, int mounts) {
        boolean isEmpty() {
            return namespaces.isEmpty() && links.isEmpty() && pids.isEmpty() && !dirExists && mounts == 0;
        }

        String summary() {
            List<String> parts = new ArrayList<>();
            if (!pids.isEmpty()) {
                parts.add(pids.size() + " process" + (pids.size() == 1 ? "" : "es"));
            }
            if (!namespaces.isEmpty()) {
                parts.add("namespaces " + String.join(" ", namespaces));
            }
            if (!links.isEmpty()) {
                parts.add("links " + String.join(" ", links));
            }
            if (mounts > 0) {
                parts.add("tmpfs");
            }
            if (dirExists) {
                parts.add("lab dir");
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Takes the lab down: kills everything it started (TERM, bounded wait, KILL), deletes
     * the namespaces, the veth host ends, the bridge and the lab directory. Succeeds on
     * nothing. Returns what it removed ("nothing" when there was no lab).
     */
    public String down() {
        preflight("down");
        return locked(() -> {
            long t0 = System.nanoTime();
            Leftovers found = discover();
            removeNetnsEtc();
            if (found.isEmpty()) {
                progress.accept("no lab found: nothing to take down");
                return "nothing";
            }
            teardown(found);
            String s = String.format(Locale.ROOT, "removed %s in %.2f s", found.summary(), (System.nanoTime() - t0) / 1e9);
            progress.accept(s);
            return found.summary();
        });
    }

    /** Everything of a lab on this machine: hactl-* namespaces and links, the lab's processes, the lab dir. */
    Leftovers discover() {
        List<String> namespaces = new ArrayList<>();
        CommandResult ns = run("host", Duration.ofSeconds(5), null, "ip", "netns", "list");
        for (String line : ns.out().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (name.startsWith(LabNetwork.PREFIX)) {
                namespaces.add(name);
            }
        }
        List<String> links = hactlLinks();
        Set<Long> pids = new LinkedHashSet<>();
        Set<Long> protectedPids = Procs.selfAndAncestors();
        for (LabNode n : LabNode.ALL) {
            for (String c : COMPONENTS) {
                livePid(n, c).ifPresent(pids::add);
            }
        }
        for (String name : namespaces) {
            pids.addAll(netnsPids(name));
        }
        String d = layout.dir() + "/";
        for (long pid : Procs.all()) {
            if (protectedPids.contains(pid) || pids.contains(pid)) {
                continue;
            }
            String cmd = Procs.cmdline(pid);
            if (cmd.contains(d) && (cmd.contains("--defaults-file=" + d) || cmd.contains("-f " + d)
                    || cmd.contains("-Dcatalina.base=" + d) || cmd.contains("LabBackendService --node"))
                    && Procs.alive(pid)) {
                pids.add(pid);
            }
        }
        pids.removeAll(protectedPids);
        return new Leftovers(namespaces, links, pids, Files.exists(layout.dir(), LinkOption.NOFOLLOW_LINKS),
                mountCount(layout.dir()));
    }

    private List<String> hactlLinks() {
        List<String> links = new ArrayList<>();
        CommandResult r = run("host", Duration.ofSeconds(5), null, "ip", "-o", "link", "show");
        for (String line : r.out().split("\n")) {
            String[] f = line.split(":\\s+", 3);
            if (f.length >= 2) {
                String name = f[1].split("@")[0].trim();
                if (name.startsWith(LabNetwork.PREFIX)) {
                    links.add(name);
                }
            }
        }
        return links;
    }

    private List<Long> netnsPids(String namespace) {
        List<Long> pids = new ArrayList<>();
        CommandResult r = run("host", Duration.ofSeconds(5), null, "ip", "netns", "pids", namespace);
        for (String s : r.out().split("\\s+")) {
            if (s.matches("\\d+") && Procs.alive(Long.parseLong(s))) {
                pids.add(Long.parseLong(s));
            }
        }
        return pids;
    }

    private void teardown(Leftovers found) {
        removeNetnsEtc();
        for (LabNode n : LabNode.ALL) {
            reconnectToHost(n.name()); // a blackhole route of a test's fault is not bound to the bridge
        }
        // Processes first (all at once: TERM, bounded wait, KILL); a namespace may gain a
        // process meanwhile (an ssh session), so look again before deleting it.
        for (int round = 0; round < 3; round++) {
            Set<Long> pids = new LinkedHashSet<>(round == 0 ? found.pids() : Set.of());
            for (String ns : found.namespaces()) {
                pids.addAll(netnsPids(ns));
            }
            if (round > 0 && pids.isEmpty()) {
                break;
            }
            log.line("terminating " + pids);
            List<Long> left = Procs.terminate(pids, TERM_GRACE);
            if (!left.isEmpty()) {
                throw new LabException("processes survived TERM and KILL: " + left);
            }
        }
        // The host ends of the veths can linger after 'ip netns del': delete them first (it takes the peer too).
        for (String link : found.links()) {
            if (!link.equals(LabNetwork.BRIDGE)) {
                runIgnoringMissing("ip", "link", "del", link);
            }
        }
        for (String ns : found.namespaces()) {
            CommandResult r = run("host", Duration.ofSeconds(10), null, "ip", "netns", "del", ns);
            if (!r.ok() && Files.exists(Path.of("/run/netns", ns))) {
                throw new LabException(r.describe());
            }
        }
        for (String link : hactlLinks()) {
            runIgnoringMissing("ip", "link", "del", link);
        }
        for (int i = 0; i < 10 && mountCount(layout.dir()) > 0; i++) {
            CommandResult r = run("host", Duration.ofSeconds(10), null, "umount", layout.dir().toString());
            if (!r.ok()) {
                // busy (a shell with its working directory in the lab): detach it anyway
                check("host", "umount", "-l", layout.dir().toString());
            }
        }
        deleteTree(layout.dir());
        Leftovers after = discover();
        if (!after.isEmpty()) {
            throw new LabException("after teardown still present: " + after.summary() + " " + after);
        }
    }

    private void runIgnoringMissing(String... argv) {
        CommandResult r = run("host", Duration.ofSeconds(10), null, argv);
        if (!r.ok() && !r.err().contains("Cannot find device")) {
            throw new LabException(r.describe());
        }
    }

    private static void deleteTree(Path root) {
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

    // ------------------------------------------------------------------ status

    /** What is up, from pid files, /proc and the namespaces. Needs no root (less detail without it). */
    public LabStatus status() {
        boolean dirPresent = Files.isDirectory(layout.dir());
        boolean configPresent = Files.exists(layout.config());
        boolean bridgePresent = Files.exists(Path.of("/sys/class/net", LabNetwork.BRIDGE));
        List<String> namespaces = new ArrayList<>();
        List<LabStatus.Node> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!dirPresent) {
            problems.add("no lab dir");
        } else if (!configPresent) {
            problems.add("no config");
        }
        if (!bridgePresent) {
            problems.add("no bridge");
        }
        Map<String, Boolean> serviceSomewhere = new LinkedHashMap<>();
        for (LabNode n : LabNode.ALL) {
            boolean nsPresent = Files.exists(Path.of("/run/netns", n.namespace()));
            if (nsPresent) {
                namespaces.add(n.namespace());
            } else {
                problems.add("no namespace " + n.namespace());
            }
            if (nsPresent && (!Files.exists(netnsEtc(n).resolve("passwd"))
                    || !Files.isDirectory(layout.dir().resolve("home-" + n.name())))) {
                problems.add(n + ": its processes would read this machine's root .bashrc (no " + netnsEtc(n)
                        + "/passwd): lab up");
            }
            boolean linkUp = readSys("/sys/class/net/" + n.hostVeth() + "/operstate").equals("up");
            boolean forwarding = portForwarding(n);
            if (nsPresent && !linkUp) {
                problems.add("link " + n.hostVeth() + " down");
            }
            if (nsPresent && linkUp && !forwarding) {
                problems.add(n + " isolated (bridge port not forwarding)");
            }
            List<LabStatus.Component> comps = new ArrayList<>();
            for (String c : COMPONENTS) {
                OptionalLong pid = Procs.readPid(layout.pidFile(n, c));
                boolean alive = pid.isPresent() && isLive(n, c, pid.getAsLong());
                comps.add(new LabStatus.Component(c, pid.isPresent() ? pid.getAsLong() : null, alive,
                        alive ? Procs.rssKb(pid.getAsLong()) : 0, layout.pidFile(n, c).toString()));
                if (SERVICES.contains(c)) {
                    serviceSomewhere.merge(c, alive, Boolean::logicalOr);
                } else if (!alive) {
                    problems.add(c + " down on " + n);
                }
            }
            nodes.add(new LabStatus.Node(n.name(), n.namespace(), n.address(), nsPresent, linkUp, forwarding,
                    nsPresent ? addresses(n) : List.of(), comps));
        }
        serviceSomewhere.forEach((s, up) -> {
            if (!up) {
                problems.add(s + " running on no node");
            }
        });
        return new LabStatus(layout.dir().toString(), layout.config().toString(), dirPresent, configPresent,
                bridgePresent, namespaces, nodes, problems.isEmpty(), problems);
    }

    /** The node's bridge port forwards (STP port state 3); false when isolated or absent. */
    private static boolean portForwarding(LabNode n) {
        return readSys("/sys/class/net/" + n.hostVeth() + "/brport/state").equals("3");
    }

    private static String readSys(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The PID in the component's pid file, if that process is alive and is this node's component. */
    private OptionalLong livePid(LabNode n, String component) {
        OptionalLong pid = Procs.readPid(layout.pidFile(n, component));
        return pid.isPresent() && isLive(n, component, pid.getAsLong()) ? pid : OptionalLong.empty();
    }

    private boolean isLive(LabNode n, String component, long pid) {
        if (!Procs.aliveWith(pid, layout.processMarker(n, component))) {
            return false;
        }
        long want = Procs.namedNetnsInode(n.namespace());
        long have = Procs.netnsInode(pid);
        return want < 0 || have < 0 || want == have;
    }

    // ------------------------------------------------------------------ helpers for tests

    /** Runs {@code sql} as MariaDB root on the node, through its socket (unix_socket auth); SQL on stdin; returns stdout (tab-separated, no headers). */
    public String sqlAsRoot(String node, String sql) {
        return sql(LabNode.of(node), sql, Duration.ofSeconds(60));
    }

    /** {@link #sqlAsRoot(String, String)} within {@code timeout} (a hung server fails it instead of holding the caller). */
    public String sqlAsRoot(String node, String sql, Duration timeout) {
        return sql(LabNode.of(node), sql, timeout);
    }

    /** CHECKSUM TABLE of every base table of the lab database ({@link #DATABASE}) on the node. */
    public TableChecksums tableChecksums(String node) {
        return tableChecksums(LabNode.of(node));
    }

    /** SHOW SLAVE STATUS on the node as column to value; empty when no replication is configured. */
    public Map<String, String> replicaStatus(String node) {
        return slaveStatus(LabNode.of(node));
    }

    /** Runs {@code argv} inside the node's namespace (ip netns exec), 60 s timeout. */
    public CommandResult nsExec(String node, String... argv) {
        LabNode n = LabNode.of(node);
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", n.namespace()));
        a.addAll(List.of(argv));
        return run(n.name(), Duration.ofSeconds(60), null, a.toArray(String[]::new));
    }

    /** {@code backend-ctl|tomcat-ctl start|stop|status NODE} inside the node's namespace, as hactl runs it over SSH. */
    public CommandResult serviceCtl(String node, String service, String action) {
        return ctl(LabNode.of(node), service, action);
    }

    /** kill -9 of the node's mariadbd (by its pid file's PID); waits until it is gone. False when it was not running. */
    public boolean killMariadb(String node) {
        LabNode n = LabNode.of(node);
        OptionalLong pid = livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return false;
        }
        log.line("kill -9 mariadbd on " + n + " pid " + pid.getAsLong());
        Procs.signal(pid.getAsLong(), true);
        Poll.await("mariadbd pid " + pid.getAsLong() + " to die", Duration.ofSeconds(10), Duration.ofMillis(10),
                () -> !Procs.alive(pid.getAsLong()), null);
        return true;
    }

    /** Starts the node's mariadbd if it is not running and waits until it answers; no-op when running. */
    public void startMariadb(String node) {
        LabNode n = LabNode.of(node);
        if (livePid(n, "mariadb").isEmpty()) {
            startMariadbProcess(n);
        }
    }

    /** Sets the host end of the node's veth down: the node is cut off from the bridge (host and peer). */
    public void linkDown(String node) {
        check(node, "ip", "link", "set", LabNode.of(node).hostVeth(), "down");
    }

    /** Sets the host end of the node's veth up again. */
    public void linkUp(String node) {
        check(node, "ip", "link", "set", LabNode.of(node).hostVeth(), "up");
    }

    /**
     * A silent partition: the node's bridge port stops forwarding (state disabled) while
     * both ends of the veth keep their carrier, so the node sees its eth0 up (unlike
     * {@link #linkDown}, where eth0 inside the node shows NO-CARRIER).
     */
    public void isolate(String node) {
        check(node, "bridge", "link", "set", "dev", LabNode.of(node).hostVeth(), "state", "0");
    }

    /**
     * Cuts the node off from this machine (the controller's side) only: a blackhole route for
     * its address in the root namespace. The nodes still reach each other over the bridge.
     */
    public void cutFromHost(String node) {
        check(node, "ip", "route", "replace", "blackhole", LabNode.of(node).address() + "/32");
    }

    /** Undoes {@link #cutFromHost}; a no-op when there is no such route. */
    public void reconnectToHost(String node) {
        if (blackholed(LabNode.of(node))) {
            check(node, "ip", "route", "del", "blackhole", LabNode.of(node).address() + "/32");
        }
    }

    private boolean blackholed(LabNode n) {
        return run(n.name(), Duration.ofSeconds(5), null, "ip", "route", "show", "type", "blackhole")
                .out().contains(n.address());
    }

    /**
     * SIGSTOP to the node's mariadbd (by its pid file's PID): a hung master. The kernel still
     * accepts connections on its port; nothing answers them. Undone by {@link #resumeMariadb}
     * and by heal. False when it was not running.
     */
    public boolean pauseMariadb(String node) {
        LabNode n = LabNode.of(node);
        OptionalLong pid = livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return false;
        }
        check(node, "kill", "-STOP", Long.toString(pid.getAsLong()));
        return true;
    }

    /** SIGCONT to the node's mariadbd when it is stopped; a no-op otherwise. */
    public void resumeMariadb(String node) {
        LabNode n = LabNode.of(node);
        OptionalLong pid = livePid(n, "mariadb");
        if (pid.isPresent() && Procs.stopped(pid.getAsLong())) {
            check(node, "kill", "-CONT", Long.toString(pid.getAsLong()));
        }
    }

    /**
     * The nodes cannot reach each other; this machine (the controller, the clients) still
     * reaches both: in each node's namespace a blackhole route for the other's address
     * (replication runs between the node addresses). Undone by {@link #unpartition} and heal.
     */
    public void partition() {
        for (LabNode n : LabNode.ALL) {
            LabNode other = n.equals(LabNode.N1) ? LabNode.N2 : LabNode.N1;
            check(n.name(), "ip", "-n", n.namespace(), "route", "replace", "blackhole", other.address() + "/32");
        }
    }

    /** Undoes {@link #partition}: every blackhole route inside the nodes goes; a no-op when there is none. */
    public void unpartition() {
        for (LabNode n : LabNode.ALL) {
            for (String prefix : blackholesInside(n)) {
                check(n.name(), "ip", "-n", n.namespace(), "route", "del", "blackhole", prefix);
            }
        }
    }

    private List<String> blackholesInside(LabNode n) {
        List<String> out = new ArrayList<>();
        CommandResult r = run(n.name(), Duration.ofSeconds(5), null, "ip", "-n", n.namespace(), "route", "show",
                "type", "blackhole");
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("blackhole")) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /** The database {@link #diskFull} fills, MyISAM, on the node only. */
    public static final String FULL_DATABASE = "hactl_full";

    /** Where {@link #diskFull} mounts its 1 MB file system, inside the node's mariadbd mount namespace only. */
    Path fullDir(LabNode n) {
        return layout.nodeDir(n).resolve("full");
    }

    /**
     * A full disk under the node's MariaDB, without InnoDB seeing it (on a full disk MariaDB
     * 10.11 aborts while rolling an InnoDB statement back): a 1 MB tmpfs mounted in the
     * mount namespace of the node's mariadbd only, a MyISAM table {@code hactl_full.tm} with
     * its DATA DIRECTORY there, and a session filling it until the server waits "for someone
     * to free space". All with the binary log off: nothing of it reaches the other node.
     * Returns once that session waits. Undone by {@link #diskFree} and by heal.
     */
    public void diskFull(String node) {
        LabNode n = LabNode.of(node);
        long pid = livePid(n, "mariadb").orElseThrow(() -> new LabException("diskFull: mariadbd on " + n
                + " is not running: lab heal"));
        Path dir = fullDir(n);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        check(node, "nsenter", "-t", Long.toString(pid), "-m", "mount", "-t", "tmpfs", "-o", "size=1m,mode=0777",
                "hactl-lab-full", dir.toString());
        sql(n, "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + FULL_DATABASE + "; CREATE DATABASE "
                + FULL_DATABASE + "; CREATE TABLE " + FULL_DATABASE + ".tm (id INT PRIMARY KEY, v VARCHAR(200))"
                + " ENGINE=MyISAM DATA DIRECTORY='" + dir + "';", Duration.ofSeconds(30));
        CompletableFuture<CommandResult> filler = CompletableFuture.supplyAsync(() -> run(n.name(), Duration.ofMinutes(30),
                "USE " + FULL_DATABASE + "; SET SESSION sql_log_bin=0; INSERT INTO tm SELECT seq, REPEAT('x', 200) FROM"
                        + " seq_1_to_100000;\n", mariadbArgs(n, true)), POOL);
        Poll.await("a session on " + n + " waiting for disk space", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> {
                    if (filler.isDone()) {
                        CommandResult r = filler.join();
                        throw new LabException("diskFull: the session filling " + FULL_DATABASE + ".tm on " + n
                                + " ended instead of waiting for space: " + r.describe());
                    }
                    return !sql(n, "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE '%free space%'",
                            Duration.ofSeconds(10)).isBlank();
                }, null);
    }

    /**
     * Undoes {@link #diskFull}: room again, the filling session ended, the database dropped, the
     * mount gone. With mariadbd down it waits for heal, which runs it once mariadbd is back.
     */
    public void diskFree(String node) {
        LabNode n = LabNode.of(node);
        Path dir = fullDir(n);
        if (!Files.exists(dir)) {
            return;
        }
        OptionalLong pid = livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return; // its mount went with the process; heal drops the database once mariadbd runs again
        }
        String ns = Long.toString(pid.getAsLong());
        boolean mounted = run(node, Duration.ofSeconds(10), null, "nsenter", "-t", ns, "-m", "findmnt", "-n",
                dir.toString()).ok();
        if (mounted) {
            check(node, "nsenter", "-t", ns, "-m", "mount", "-o", "remount,size=64m", dir.toString());
        }
        for (String id : sql(n, "SELECT ID FROM information_schema.PROCESSLIST WHERE (DB = '" + FULL_DATABASE
                + "' OR INFO LIKE '%" + FULL_DATABASE + ".tm SELECT%') AND ID <> CONNECTION_ID()",
                Duration.ofSeconds(10)).strip().split("\\s+")) {
            if (!id.isBlank()) {
                run(node, Duration.ofSeconds(10), "KILL " + id, mariadbArgs(n, true)); // gone already: fine
            }
        }
        sql(n, "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + FULL_DATABASE, Duration.ofSeconds(30));
        if (mounted) {
            check(node, "nsenter", "-t", ns, "-m", "umount", dir.toString());
        }
        deleteTree(dir);
    }

    /** Undoes {@link #isolate}: the node's bridge port forwards again. */
    public void rejoin(String node) {
        check(node, "bridge", "link", "set", "dev", LabNode.of(node).hostVeth(), "state", "3");
    }

    /** Adds {@code vip} ("198.51.100.x" or with "/24") on the node's eth0, then one gratuitous ARP; no-op if present. */
    public void addVip(String node, String vip) {
        addVip(LabNode.of(node), vip);
    }

    /** Removes {@code vip} from the node's eth0; no-op if absent. */
    public void removeVip(String node, String vip) {
        removeVip(LabNode.of(node), vip);
    }

    // ------------------------------------------------------------------ heal

    /**
     * Brings the lab back to its baseline: links up, MariaDB running on both nodes, n1
     * writable master, n2 read_only replica of n1 (GTID slave_pos) running and caught up,
     * both VIPs on n1 only, services running on n1 and stopped on n2, sshd on both. Repairs
     * in place when it can (a replica with errant transactions is rebuilt from n1: n1's
     * data is the baseline), and ends comparing CHECKSUM TABLE of every table of the lab
     * database on both nodes (copying n1's to n2 when they differ: {@link #verifyData}); when
     * anything fails, or the lab is gone, it runs {@link #up()}. Returns what it did.
     */
    public List<String> heal() {
        preflight("heal");
        return locked(() -> {
            long t0 = System.nanoTime();
            List<String> actions = new ArrayList<>();
            Leftovers l = discover();
            boolean skeleton = Files.exists(layout.config()) && l.namespaces().containsAll(List.of("hactl-n1", "hactl-n2"))
                    && l.links().containsAll(List.of(LabNetwork.BRIDGE, LabNode.N1.hostVeth(), LabNode.N2.hostVeth()));
            if (!skeleton) {
                actions.add("no complete lab: lab up");
                progress.accept("heal: no complete lab, running lab up");
                up();
                return actions;
            }
            String verified;
            try {
                verified = healInPlace(actions);
            } catch (RuntimeException e) {
                log.line("heal in place failed: " + e.getMessage());
                progress.accept("heal: in-place repair failed (" + e.getMessage() + "), running lab up");
                actions.add("in-place repair failed (" + e.getMessage() + "): lab up");
                up();
                return actions;
            }
            boolean saidSo = !actions.isEmpty() && actions.get(actions.size() - 1).endsWith(verified);
            String s = String.format(Locale.ROOT, "heal %.2f s: %s%s", (System.nanoTime() - t0) / 1e9,
                    actions.isEmpty() ? "already at baseline" : String.join("; ", actions), saidSo ? "" : "; " + verified);
            log.line(s);
            progress.accept(s);
            return actions;
        });
    }

    /** Repairs in place; returns the last step's sentence: the data comparison of both nodes. */
    private String healInPlace(List<String> actions) {
        for (LabNode n : LabNode.ALL) {
            OptionalLong mariadb = livePid(n, "mariadb");
            if (mariadb.isPresent() && Procs.stopped(mariadb.getAsLong())) {
                actions.add("SIGCONT to mariadbd on " + n);
                resumeMariadb(n.name());
            }
            if (blackholed(n)) {
                actions.add("remove the blackhole route to " + n);
                reconnectToHost(n.name());
            }
            List<String> inside = blackholesInside(n);
            if (!inside.isEmpty()) {
                actions.add("remove the blackhole routes inside " + n + " " + inside);
                for (String prefix : inside) {
                    check(n.name(), "ip", "-n", n.namespace(), "route", "del", "blackhole", prefix);
                }
            }
            if (!readSys("/sys/class/net/" + n.hostVeth() + "/operstate").equals("up")) {
                actions.add("link " + n.hostVeth() + " up");
            }
            check(n.name(), "ip", "link", "set", n.hostVeth(), "master", LabNetwork.BRIDGE, "up");
            if (!portForwarding(n)) {
                actions.add("bridge port " + n.hostVeth() + " forwarding");
                rejoin(n.name());
            }
            check(n.name(), "ip", "-n", n.namespace(), "link", "set", LabNetwork.IFACE, "up");
            check(n.name(), "ip", "-n", n.namespace(), "link", "set", "lo", "up");
        }
        List<Runnable> starts = new ArrayList<>();
        for (LabNode n : LabNode.ALL) {
            if (livePid(n, "sshd").isEmpty()) {
                actions.add("start sshd on " + n);
                starts.add(() -> startSshd(n));
            }
            if (livePid(n, "mariadb").isEmpty()) {
                actions.add("start mariadb on " + n);
                starts.add(() -> startMariadbProcess(n));
            }
        }
        parallel(starts);
        for (LabNode n : LabNode.ALL) {
            if (Files.exists(fullDir(n))) {
                actions.add("free the disk filled on " + n + " (drop " + FULL_DATABASE + ", unmount " + fullDir(n) + ")");
                diskFree(n.name());
            }
        }
        healReplication(actions);
        ensureAppUser(actions);
        healVips(actions);
        for (LabNode n : LabNode.ALL) {
            if (!n.baselineActive()) {
                for (String s : SERVICES) {
                    if (livePid(n, s).isPresent()) {
                        actions.add("stop " + s + " on " + n);
                        CommandResult r = ctl(n, s, "stop");
                        if (!r.ok()) {
                            throw new LabException(s + "-ctl stop " + n + ": " + r.out().strip() + " " + r.err().strip());
                        }
                    }
                }
            }
        }
        for (LabNode n : LabNode.ALL) {
            if (n.baselineActive()) {
                for (String s : SERVICES) {
                    if (livePid(n, s).isEmpty()) {
                        actions.add("start " + s + " on " + n);
                    }
                }
                startServices(n);
            }
        }
        return verifyData(actions);
    }

    /**
     * Heal's last step. Equal GTID positions do not prove equal data: a row changed with the
     * binary log off, or n2 rebuilt by replaying a binlog of n1's that lacks a change (n1 once
     * loaded a copy with the binary log off), leaves the same GTIDs and different tables, and
     * every lab test after it would start from a pair that only looks in sync. So both nodes'
     * CHECKSUM TABLE of every table of the lab database are compared at one GTID position;
     * when they differ, n2's copy of the database is replaced by n1's
     * ({@link #copyDatabase}) and compared again. Still different: a LabException (heal then
     * runs {@code lab up}). Returns what it found ("hactl_demo: 2 tables with equal checksums
     * on n1 and n2 at 0-1-13").
     */
    private String verifyData(List<String> actions) {
        DataComparison c = compareData(LabNode.N1, LabNode.N2);
        if (c.differences().isEmpty()) {
            return c.sentence();
        }
        actions.add("n2's tables differ from n1's at the same GTID position " + c.position() + ": "
                + String.join(", ", c.differences()) + ": copy " + DATABASE + " from n1 to n2");
        copyDatabase(LabNode.N1, LabNode.N2);
        DataComparison again = compareData(LabNode.N1, LabNode.N2);
        if (!again.differences().isEmpty()) {
            throw new LabException("n2's tables still differ from n1's after copying " + DATABASE + " from n1: "
                    + String.join(", ", again.differences()));
        }
        actions.add("after the copy: " + again.sentence());
        return again.sentence();
    }

    /** Both nodes' checksums at one GTID position of the master (the replica caught up, the master quiet meanwhile). */
    private record DataComparison(String position, TableChecksums master, TableChecksums replica) {
        List<String> differences() {
            return master.differences(replica);
        }

        String sentence() {
            return DATABASE + ": " + master.describe() + " with equal checksums on " + master.node() + " and "
                    + replica.node() + " at " + (position.isEmpty() ? "an empty GTID position" : position);
        }
    }

    private DataComparison compareData(LabNode master, LabNode replica) {
        for (int attempt = 1; ; attempt++) {
            String pos = waitCaughtUp(replica, master, Duration.ofSeconds(15));
            TableChecksums[] sums = new TableChecksums[2];
            parallel(List.of(() -> sums[0] = tableChecksums(master), () -> sums[1] = tableChecksums(replica)));
            TableChecksums a = sums[0];
            TableChecksums b = sums[1];
            String after = sql(master, "SELECT @@gtid_binlog_pos", Duration.ofSeconds(10)).strip();
            if (after.equals(pos)) {
                return new DataComparison(pos, a, b);
            }
            if (attempt == 3) {
                throw new LabException(master + " is being written to (GTID " + pos + " then " + after + " while its"
                        + " tables were summed): stop the clients that write to the lab, then heal again");
            }
        }
    }

    private TableChecksums tableChecksums(LabNode n) {
        String tables = sql(n, "SELECT GROUP_CONCAT(CONCAT('`" + DATABASE + "`.`', TABLE_NAME, '`') ORDER BY TABLE_NAME)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + DATABASE + "' AND TABLE_TYPE='BASE TABLE'",
                Duration.ofSeconds(10)).strip();
        if (tables.isEmpty() || tables.equals("NULL")) {
            return new TableChecksums(n.name(), Map.of());
        }
        return TableChecksums.parse(n.name(), sql(n, "CHECKSUM TABLE " + tables, Duration.ofSeconds(120)));
    }

    private static final java.util.regex.Pattern DUMP_GTID =
            java.util.regex.Pattern.compile("^-- SET GLOBAL gtid_slave_pos='([^']*)'");

    /**
     * Replaces the replica's copy of the lab database with the master's, as hactl's rebuild
     * copies it: one consistent dump ({@code --single-transaction}; {@code --gtid
     * --master-data=2} writes the snapshot's GTID in a comment) into a file of the lab dir,
     * loaded on the replica with the binary log off (no GTID of its own), then replication
     * from exactly the snapshot's GTID (later writes come by replication) and a wait until
     * caught up. The replica's other databases and its users are left as they are.
     */
    private void copyDatabase(LabNode master, LabNode replica) {
        Path dump = layout.dir().resolve("heal-copy-" + DATABASE + ".sql");
        try {
            sql(replica, "STOP SLAVE", Duration.ofSeconds(30));
            check(master.name(), Duration.ofSeconds(600), null, "mariadb-dump", "--no-defaults", "--protocol=socket",
                    "--socket=" + layout.socket(master), "-uroot", "--single-transaction", "--gtid", "--master-data=2",
                    "--add-drop-database", "--routines", "--triggers", "--result-file=" + dump, "--databases", "--",
                    DATABASE);
            String gtid;
            try (var lines = Files.lines(dump, StandardCharsets.UTF_8)) {
                gtid = lines.map(DUMP_GTID::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1))
                        .reduce((first, second) -> second).orElse(null);
            }
            if (gtid == null) {
                throw new LabException("the dump of " + DATABASE + " on " + master + " (" + dump + ") records no GTID"
                        + " (-- SET GLOBAL gtid_slave_pos=...): cannot point " + replica + " at its snapshot");
            }
            check(replica.name(), Duration.ofSeconds(600), null, "mariadb", "--no-defaults", "--protocol=socket",
                    "--socket=" + layout.socket(replica), "-uroot", "--batch", "--connect-timeout=5",
                    "--init-command=SET SESSION sql_log_bin=0", "-e", "SOURCE " + dump);
            sql(replica, "RESET SLAVE ALL; SET GLOBAL gtid_slave_pos='" + gtid + "';", Duration.ofSeconds(30));
            configureReplica(replica, master);
            waitCaughtUp(replica, master, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new LabException("cannot read the dump " + dump + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException e) {
                log.line("cannot delete " + dump + ": " + e.getMessage());
            }
        }
    }

    private void healReplication(List<String> actions) {
        LabNode master = LabNode.N1;
        LabNode replica = LabNode.N2;
        if (!slaveStatus(master).isEmpty()) {
            actions.add("n1: stop replication, RESET SLAVE ALL");
            sql(master, "STOP SLAVE; RESET SLAVE ALL;", Duration.ofSeconds(30));
        }
        // RESET SLAVE ALL leaves gtid_slave_pos: an n1 that once replicated would later ask a new
        // master for everything after that old position (duplicates, a stopped SQL thread)
        sql(master, "SET GLOBAL read_only=OFF; SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos;", Duration.ofSeconds(10));
        sql(replica, "SET GLOBAL read_only=ON", Duration.ofSeconds(10));

        String masterState = sql(master, "SELECT @@gtid_binlog_state", Duration.ofSeconds(10)).strip();
        String replicaState = sql(replica, "SELECT @@gtid_binlog_state", Duration.ofSeconds(10)).strip();
        if (!GtidComparison.mariadbStateHasAll(masterState, replicaState)) {
            actions.add("n2 has transactions n1 lacks (" + replicaState + " vs " + masterState + "): rebuild n2 from n1");
            rebuildReplica(replica, master);
            return;
        }
        Map<String, String> s = slaveStatus(replica);
        boolean configured = !s.isEmpty() && master.address().equals(s.get("Master_Host"))
                && "3306".equals(s.get("Master_Port")) && "repl".equals(s.get("Master_User"))
                && "Slave_Pos".equalsIgnoreCase(s.get("Using_Gtid"));
        boolean sqlError = !s.isEmpty() && !"0".equals(s.get("Last_SQL_Errno"));
        if (!configured || sqlError) {
            actions.add("n2: point replication at n1 from its own position");
            sql(replica, "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos;",
                    Duration.ofSeconds(30));
            configureReplica(replica, master);
        } else if (!"Yes".equals(s.get("Slave_SQL_Running")) || "No".equals(s.get("Slave_IO_Running"))) {
            actions.add("n2: START SLAVE");
            sql(replica, "START SLAVE", Duration.ofSeconds(30));
        } else if (!"Yes".equals(s.get("Slave_IO_Running"))) {
            // "Connecting" (master was down or cut off): reconnect now, not at the next retry
            actions.add("n2: restart the IO thread");
            sql(replica, "STOP SLAVE IO_THREAD; START SLAVE IO_THREAD;", Duration.ofSeconds(30));
        }
        try {
            Poll.await("n2's replication threads to run", Duration.ofSeconds(15), Duration.ofMillis(50), () -> {
                Map<String, String> st = slaveStatus(replica);
                return "Yes".equals(st.get("Slave_IO_Running")) && "Yes".equals(st.get("Slave_SQL_Running"));
            }, () -> slaveStatus(replica).toString());
            waitCaughtUp(replica, master, Duration.ofSeconds(15));
        } catch (LabException e) {
            actions.add("n2 did not catch up (" + e.getMessage() + "): rebuild n2 from n1");
            rebuildReplica(replica, master);
        }
    }

    /** Replaces the replica's data with a fresh install that replicates everything from the master's binlog. */
    private void rebuildReplica(LabNode replica, LabNode master) {
        livePid(replica, "mariadb").ifPresent(pid -> {
            List<Long> left = Procs.terminate(List.of(pid), Duration.ofSeconds(2));
            if (!left.isEmpty()) {
                throw new LabException("mariadbd on " + replica + " survived KILL");
            }
        });
        deleteTree(layout.dataDir(replica));
        installMariadb(replica);
        startMariadbProcess(replica);
        configureReplica(replica, master);
        waitCaughtUp(replica, master, Duration.ofSeconds(30));
    }

    /**
     * The node's interface as docs/runbook.md asks of a node (and as hactl sets it when it adds a VIP):
     * arp_announce=2, so a returning old master never asks ARP with the VIP as its sender address.
     */
    private void announceOwnAddress(LabNode n) {
        check(n.name(), "ip", "netns", "exec", n.namespace(), "sysctl", "-q", "-w",
                "net.ipv4.conf." + LabNetwork.IFACE + ".arp_announce=2");
    }

    private void healVips(List<String> actions) {
        int before = actions.size();
        for (LabNode n : LabNode.ALL) {
            announceOwnAddress(n);
            Set<String> want = new LinkedHashSet<>();
            want.add(n.address() + "/24");
            if (n.baselineActive()) {
                want.add(LabNetwork.DB_VIP + "/24");
                want.add(LabNetwork.APP_VIP + "/24");
            }
            List<String> have = addresses(n);
            for (String a : have) {
                if (!want.contains(a)) {
                    actions.add("remove " + a + " from " + n);
                    removeVip(n, a);
                }
            }
            for (String a : want) {
                if (!have.contains(a)) {
                    actions.add("add " + a + " on " + n);
                    check(n.name(), "ip", "-n", n.namespace(), "addr", "add", a, "dev", LabNetwork.IFACE);
                }
            }
        }
        // Forget whatever was learnt while addresses moved (the host and both nodes are all
        // there is on the bridge), and announce the VIPs from n1 if anything changed.
        runIgnoringMissing("ip", "neigh", "flush", "dev", LabNetwork.BRIDGE);
        for (LabNode n : LabNode.ALL) {
            check(n.name(), "ip", "-n", n.namespace(), "neigh", "flush", "dev", LabNetwork.IFACE);
        }
        if (actions.size() > before) {
            parallel(List.of(() -> gratuitousArp(LabNode.N1, LabNetwork.DB_VIP),
                    () -> gratuitousArp(LabNode.N1, LabNetwork.APP_VIP)));
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static boolean tmpfs() {
        return !"0".equals(System.getenv("HACTL_LAB_TMPFS"));
    }

    /** How many mounts sit on {@code dir} (from /proc/self/mountinfo). */
    static int mountCount(Path dir) {
        int n = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].replace("\\040", " ").equals(dir.toString())) {
                    n++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    private CommandResult run(String node, Duration timeout, String stdin, String... argv) {
        String shown = String.join(" ", argv);
        CommandResult r = LocalShell.exec(node, resolve(argv), shown, stdin, timeout);
        String line = node + " $ " + shown + (stdin != null ? " <stdin>" : "") + "  -> " + r.exit() + " ("
                + r.elapsed().toMillis() + " ms)";
        if (!r.ok() && r.err() != null && !r.err().isBlank()) {
            line += "\n    " + abbreviate(r.err().strip(), 600).replace("\n", "\n    ");
        }
        log.line(line);
        return r;
    }

    /**
     * argv with the program (and the program after "ip netns exec NS") as absolute paths:
     * ip, bridge, arping and sysctl live in /usr/sbin, which a root PATH may lack.
     */
    private List<String> resolve(String... argv) {
        List<String> a = new ArrayList<>(List.of(argv));
        resolveAt(a, 0);
        if (a.size() > 4 && a.get(1).equals("netns") && a.get(2).equals("exec")) {
            resolveAt(a, 4);
        }
        return a;
    }

    private void resolveAt(List<String> a, int i) {
        if (!a.get(i).contains("/")) {
            Path p = host.which(a.get(i));
            if (p != null) {
                a.set(i, p.toString());
            }
        }
    }

    private void check(String node, String... argv) {
        check(node, Duration.ofSeconds(20), null, argv);
    }

    private void check(String node, Duration timeout, String stdin, String... argv) {
        CommandResult r = run(node, timeout, stdin, argv);
        if (!r.ok()) {
            throw new LabException(r.describe());
        }
    }

    private String which(String program) {
        Path p = host.which(program);
        if (p == null) {
            throw LabException.precondition("program " + program + " not found");
        }
        return p.toString();
    }

    private static void parallel(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<CompletableFuture<Void>> fs = tasks.stream().map(t -> CompletableFuture.runAsync(t, POOL)).toList();
        RuntimeException first = null;
        for (CompletableFuture<Void> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted", e);
            } catch (ExecutionException | CompletionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                if (first == null) {
                    first = c instanceof RuntimeException re ? re : new LabException(c.toString(), c);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static boolean tcpOpen(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** HTTP status of GET http://address:port/ (no proxy, short timeouts), -1 when there is no answer. */
    public static int httpStatus(String address, int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + address + ":" + port + "/")
                    .openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.setUseCaches(false);
            try {
                int code = c.getResponseCode();
                try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
                return code;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "last lines of " + file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + file + ")";
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private <T> T locked(Supplier<T> body) {
        JVM_LOCK.lock();
        try {
            boolean outer = JVM_LOCK.getHoldCount() == 1;
            if (outer) {
                acquireFileLock();
            }
            try {
                return body.get();
            } finally {
                if (outer) {
                    releaseFileLock();
                }
            }
        } finally {
            JVM_LOCK.unlock();
        }
    }

    private void acquireFileLock() {
        try {
            Files.createDirectories(LOCK_FILE.getParent());
            lockChannel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            fileLock = lockChannel.tryLock();
            if (fileLock == null) {
                progress.accept("waiting for another 'hactl lab' operation to finish (" + LOCK_FILE + ")");
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (fileLock == null && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    fileLock = lockChannel.tryLock();
                }
                if (fileLock == null) {
                    lockChannel.close();
                    throw new LabException("another 'hactl lab' operation holds " + LOCK_FILE + " for over 5 minutes");
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot lock " + LOCK_FILE + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for " + LOCK_FILE, e);
        }
    }

    private static void releaseFileLock() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        } finally {
            fileLock = null;
            lockChannel = null;
        }
    }

    /** What the lab asks of this machine; replaced in unit tests. */
    interface Host {
        boolean isRoot();

        /** The absolute path of a program (PATH, then the sbin directories), or null. */
        Path which(String program);

        boolean hasHabetsArping();

        Host REAL = new Host() {
            @Override
            public boolean isRoot() {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                        if (line.startsWith("Uid:")) {
                            return line.split("\\s+")[2].equals("0");
                        }
                    }
                } catch (IOException e) {
                    // fall through
                }
                return false;
            }

            @Override
            public Path which(String program) {
                if (program.startsWith("/")) {
                    return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
                }
                List<String> dirs = new ArrayList<>();
                String path = System.getenv("PATH");
                if (path != null) {
                    dirs.addAll(List.of(path.split(":")));
                }
                dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
                for (String d : dirs) {
                    if (!d.isEmpty()) {
                        Path p = Path.of(d, program);
                        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                            return p.toAbsolutePath();
                        }
                    }
                }
                return null;
            }

            @Override
            public boolean hasHabetsArping() {
                Path arping = which("arping");
                if (arping == null) {
                    return false;
                }
                CommandResult r = LocalShell.exec("host", List.of(arping.toString(), "--help"), "arping --help", null,
                        Duration.ofSeconds(5));
                return (r.out() + r.err()).contains("Habets");
            }
        };
    }
}
