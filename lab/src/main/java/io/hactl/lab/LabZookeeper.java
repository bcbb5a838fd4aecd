package io.hactl.lab;

import io.hactl.lab.LabStatus.Ensemble;
import io.hactl.lab.LabStatus.Member;
import io.hactl.lab.LabStatus.ZkMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The lab's ZooKeeper ensemble (issue 16): one member per namespace, n1 (myid 1), n2 (2) and
 * the witness w (3), each Debian's {@code zookeeper} 3.8 ({@code QuorumPeerMain} from
 * /usr/share/java) in its own namespace with its own zoo.cfg ({@link LabTexts#zooCfg}), data
 * and log directories under {@code {node}/zookeeper/}. Members are asked what they are with
 * {@code srvr} on their client port, from this machine, as a controller would.
 */
public final class LabZookeeper {

    public static final int CLIENT_PORT = 2181;
    public static final int QUORUM_PORT = 2888;
    public static final int ELECTION_PORT = 3888;
    /** The ensemble for a client: the three members' client ports on their own addresses. */
    public static final String CONNECT_STRING = LabNode.HOSTS.stream().map(n -> n.address() + ":" + CLIENT_PORT)
            .collect(Collectors.joining(","));
    /** Debian's server jar (its manifest's Class-Path names its dependencies in /usr/share/java). */
    static final Path ZOOKEEPER_JAR = Path.of("/usr/share/java/zookeeper.jar");
    /** slf4j's simple binding (libslf4j-java, a dependency of the package): the member logs to stderr, its log file. */
    static final Path SLF4J_SIMPLE_JAR = Path.of("/usr/share/java/slf4j-simple.jar");
    static final String MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    /** How long {@code srvr} may take per member: on the bridge an answer takes milliseconds. */
    static final Duration ASK_TIMEOUT = Duration.ofMillis(700);

    private static final Pattern MODE = Pattern.compile("(?m)^Mode: *(\\S+)");

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabCuts cuts;

    LabZookeeper(LabLayout layout, LabShell shell, LabProcesses procs, LabCuts cuts) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
        this.cuts = cuts;
    }

    /**
     * The member's JVM: a 96 MB heap, SerialGC and C1 only (three of them share two cores with
     * the pair), IPv4 (the namespaces have no IPv6). {@code maxNotificationInterval} 1 s instead of
     * 60 s: a member cut off keeps sending election notifications at most 1 s apart, so it rejoins
     * within a second or two of its link coming back (otherwise its back-off grows to a minute).
     */
    static List<String> javaArgv(LabLayout l, LabNode n, String javaHome) {
        return List.of(javaHome + "/bin/java", "-Xmx96m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-Djava.net.preferIPv4Stack=true",
                "-Dzookeeper.fastleader.maxNotificationInterval=1000",
                "-Dzookeeper.log.dir=" + l.zookeeperDir(n),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-cp", ZOOKEEPER_JAR + ":" + SLF4J_SIMPLE_JAR, MAIN_CLASS, l.zooCfg(n).toString());
    }

    /** The member's directories, zoo.cfg and myid (a fresh lab's, or a witness dir that went missing). */
    void writeFiles(LabNode n) {
        try {
            for (Path d : List.of(layout.nodeDir(n), layout.zookeeperDir(n), layout.zookeeperDataDir(n),
                    layout.zookeeperDataLogDir(n))) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(layout.zooCfg(n), LabTexts.zooCfg(layout, n));
            Files.writeString(layout.zookeeperMyid(n), LabTexts.zookeeperMyid(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the member in its namespace, detached, its PID (the JVM's: the shell writes {@code $$},
     * then execs java) in its pid file; returns once that process exists. Whether it serves is
     * {@link #awaitAllServing}'s business: a lone member cannot serve.
     */
    void start(LabNode n) {
        if (!Files.isReadable(ZOOKEEPER_JAR) || !Files.isReadable(SLF4J_SIMPLE_JAR)) {
            throw LabException.precondition("lab up needs " + ZOOKEEPER_JAR + " and " + SLF4J_SIMPLE_JAR
                    + " (Debian package zookeeper): run sudo bin/setup-host.sh");
        }
        List<String> argv = new ArrayList<>(List.of(shell.which("sh"), "-c", "echo $$ > \"$0\"; exec \"$@\"",
                layout.zookeeperPid(n).toString()));
        argv.addAll(javaArgv(layout, n, System.getProperty("java.home")));
        shell.spawn(n, layout.zookeeperLog(n), argv.toArray(String[]::new));
        Poll.await("the ZooKeeper member on " + n + " to start", Duration.ofSeconds(20), Poll.EVERY,
                () -> procs.livePid(n, "zookeeper").isPresent(), () -> LabFiles.tail(layout.zookeeperLog(n), 5));
    }

    /** Starts the members given, side by side. */
    void start(List<LabNode> members) {
        Parallel.run(members.stream().<Runnable>map(n -> () -> start(n)).toList());
    }

    /** kill -9 of the member's JVM (by its pid file's PID); waits until it is gone. False when it was not running. */
    boolean kill(LabNode n) {
        OptionalLong pid = procs.livePid(n, "zookeeper");
        if (pid.isEmpty()) {
            return false;
        }
        Procs.signal(pid.getAsLong(), true);
        Poll.await("ZooKeeper pid " + pid.getAsLong() + " on " + n + " to die", Duration.ofSeconds(10),
                Duration.ofMillis(10), () -> !Procs.alive(pid.getAsLong()), null);
        return true;
    }

    /** SIGSTOP to the member's JVM: alive, silent, its cut recorded for heal ({@link LabCuts}). False when it was not running. */
    boolean pause(LabNode n) {
        OptionalLong pid = procs.livePid(n, "zookeeper");
        if (pid.isEmpty()) {
            return false;
        }
        shell.check(n.name(), "kill", "-STOP", Long.toString(pid.getAsLong()));
        cuts.record(n); // after the cut: a record earlier than it would end heal's wait too soon
        return true;
    }

    /** SIGCONT to the member's JVM when it is stopped; a no-op otherwise. */
    void resume(LabNode n) {
        if (paused(n)) {
            shell.check(n.name(), "kill", "-CONT", Long.toString(procs.livePid(n, "zookeeper").getAsLong()));
        }
    }

    boolean paused(LabNode n) {
        OptionalLong pid = procs.livePid(n, "zookeeper");
        return pid.isPresent() && Procs.stopped(pid.getAsLong());
    }

    /**
     * The member's mode: from its process (down, stopped), its namespace's link (down or
     * isolated: no answer can come, so none is waited for) and else its answer to srvr.
     */
    Member member(LabNode n) {
        OptionalLong pid = procs.livePid(n, "zookeeper");
        String address = n.address() + ":" + CLIENT_PORT;
        if (pid.isEmpty()) {
            return new Member(n.name(), address, null, false, ZkMode.DOWN, 0);
        }
        long p = pid.getAsLong();
        ZkMode mode = Procs.stopped(p) ? ZkMode.STOPPED
                : !LabNet.linkUp(n) || !LabNet.portForwarding(n) ? ZkMode.NO_ANSWER : mode(srvr(n));
        return new Member(n.name(), address, p, true, mode, Procs.rssKb(p));
    }

    /** The three members, asked side by side (each bounded by {@link #ASK_TIMEOUT}). */
    Ensemble ensemble() {
        List<CompletableFuture<Member>> asked = LabNode.HOSTS.stream()
                .map(n -> CompletableFuture.supplyAsync(() -> member(n), Parallel.POOL)).toList();
        return Ensemble.of(asked.stream().map(CompletableFuture::join).toList());
    }

    /**
     * How long after its cut began a member cut off can still be dropped by its leader, even when it
     * answers again: the leader and it give up on their connection when nothing came over it for
     * syncLimit ticks ({@link LabTexts#zooCfg}: 5 × 1 s); and one tick more.
     */
    static final Duration STALE_AFTER = Duration.ofSeconds(6);

    /**
     * Resets the member's quorum connections ({@code ss -K} in its namespace: its own to its leader, its
     * followers' to it, port {@value #QUORUM_PORT}; the peer gets a reset): a member cut off a moment ago then
     * leaves its stale connection at once and rejoins afresh (an election and a sync: well under a second)
     * instead of being dropped by its leader up to syncLimit ticks after its cut began.
     */
    void resetQuorumConnections(LabNode n) {
        // a failure (a kernel without SOCK_DESTROY) only makes heal wait out the stale window: not checked
        shell.run(n.name(), Duration.ofSeconds(5), null, "ip", "netns", "exec", n.namespace(), "ss", "-K", "-t", "-n",
                "dport", "=", ":" + QUORUM_PORT, "or", "sport", "=", ":" + QUORUM_PORT);
    }

    /**
     * Waits until the three serve and nothing of a cut is left ({@link LabCuts#settled}): each member of
     * {@code reset} (its quorum connections reset just before) seen not serving since, or {@code staleUntil}
     * (epoch ms, {@link LabCuts#staleUntil}) passed. Looks every 50 ms: a member's election takes longer.
     */
    Ensemble awaitRejoined(java.util.Set<LabNode> reset, long staleUntil, Duration timeout) {
        Ensemble[] last = {null};
        java.util.Set<String> away = new java.util.HashSet<>();
        java.util.Set<String> names = reset.stream().map(LabNode::name).collect(Collectors.toSet());
        Poll.await("the ZooKeeper ensemble (" + CONNECT_STRING + ") to serve with its three members, "
                + names + " rejoined afresh or their cut " + LabZookeeper.STALE_AFTER.toSeconds() + " s old",
                timeout, Duration.ofMillis(50), () -> {
                    last[0] = ensemble();
                    for (Member m : last[0].members()) {
                        if (names.contains(m.node()) && !m.mode().serving()) {
                            away.add(m.node());
                        }
                    }
                    return LabCuts.settled(last[0].allServing(), away.containsAll(names), System.currentTimeMillis(),
                            staleUntil);
                }, () -> last[0] == null ? "" : last[0].modes());
        return last[0];
    }

    /**
     * Waits until the three members serve with one leader (the baseline); returns that view. A
     * LabException naming each member's mode and the end of the logs of those that do not serve.
     */
    Ensemble awaitAllServing(Duration timeout) {
        Ensemble[] last = {null};
        Poll.await("the ZooKeeper ensemble (" + CONNECT_STRING + ") to serve with its three members",
                timeout, Duration.ofMillis(100), () -> (last[0] = ensemble()).allServing(), () -> {
                    StringBuilder sb = new StringBuilder(last[0] == null ? "" : last[0].modes());
                    for (Member m : last[0] == null ? List.<Member>of() : last[0].members()) {
                        if (!m.mode().serving()) {
                            sb.append("\n").append(LabFiles.tail(layout.zookeeperLog(LabNode.host(m.node())), 5));
                        }
                    }
                    return sb.toString();
                });
        return last[0];
    }

    /**
     * The member's answer to {@code srvr} on its client port, "" when there is none in time
     * (refused, no route, silent).
     */
    static String srvr(LabNode n) {
        int ms = (int) ASK_TIMEOUT.toMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(n.address(), CLIENT_PORT), ms);
            s.setSoTimeout(ms);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            for (int r; (r = in.read(buf)) > 0 && out.size() < 16_384; ) {
                out.write(buf, 0, r);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What a srvr answer says: the member's Mode line, "not currently serving requests", or nothing. */
    static ZkMode mode(String srvrReply) {
        Matcher m = MODE.matcher(srvrReply);
        if (m.find()) {
            return switch (m.group(1)) {
                case "leader" -> ZkMode.LEADER;
                case "follower" -> ZkMode.FOLLOWER;
                case "observer" -> ZkMode.OBSERVER;
                case "standalone" -> ZkMode.STANDALONE;
                default -> ZkMode.UNKNOWN;
            };
        }
        if (srvrReply.contains("not currently serving requests")) {
            return ZkMode.NOT_SERVING;
        }
        return srvrReply.isBlank() ? ZkMode.NO_ANSWER : ZkMode.UNKNOWN;
    }
}
