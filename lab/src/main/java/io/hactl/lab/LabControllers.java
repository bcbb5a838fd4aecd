package io.hactl.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.api.ApiClient;
import io.hactl.config.Defaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three coordinated controllers of issue 16, one per namespace (n1, n2 and the witness w), each
 * {@code bin/hactl controller --config {node}/controller/hactl.yml} inside its namespace: a config derived
 * from the lab's ({@link LabTexts#controllerYml}: its own state directory, its API on the namespace's
 * address, {@code controller.coordination} as that member of the lab's ensemble, a 3 s session). They
 * are not part of {@code lab up}: three more JVMs on a two-core machine, for the tests that ask
 * (docs/lab.md). A controller whose config exists is one the lab runs: heal resumes or restarts it;
 * {@link #removeAll} kills them and removes their directories, and down leaves nothing of them.
 *
 * <p>Which one leads is asked of each controller's API ({@code GET /api/status}, an open read): the
 * first evidence line is its standing among the three (read with the lab operator's token: the open reads are
 * open to the controller's own machine only) ("coordination: leader with epoch 3 since ...").
 */
public final class LabControllers {

    /** The controllers' API port: the config's default, on each namespace's own address. */
    public static final int PORT = Defaults.CONTROLLER_PORT;
    /**
     * The controllers' JVM: a bounded heap, SerialGC and C1 only (three of them share two cores with the
     * pair and the ensemble); bin/hactl's own options otherwise.
     */
    static final String JAVA_OPTS = "-Xmx192m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true";
    private static final Pattern ROLE = Pattern.compile("^coordination: (leader with epoch (\\d+)|follower|no quorum|.*)");
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+)");
    private static final Pattern SINCE = Pattern.compile(" since (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabLog log;
    private boolean archiveRefreshed;

    LabControllers(LabLayout layout, LabShell shell, LabProcesses procs, LabLog log) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
        this.log = log;
    }

    /**
     * What one controller's API said, or that it said nothing.
     *
     * @param member   n1, n2 or w
     * @param answered whether its API answered within the short timeouts
     * @param role     its "coordination: ..." evidence line ("" when none)
     * @param leader   whether it says it leads
     * @param epoch    the epoch in that line (the one it leads with, or the last it held), 0 when none
     * @param cycles   its probe cycles since it started
     * @param state    its cluster state (name), "" when it did not answer
     * @param status   the whole /api/status answer (null when it did not answer)
     */
    public record View(String member, boolean answered, String role, boolean leader, long epoch, long cycles,
                       String state, JsonNode status) {

        /** Whether it says it is a follower. */
        public boolean follower() {
            return role.startsWith("coordination: follower");
        }

        /** Whether it says the ensemble has no quorum. */
        public boolean noQuorum() {
            return role.startsWith("coordination: no quorum");
        }

        /** Since when it stands where it does (the "since" of its coordination line), null when not said. */
        public java.time.Instant since() {
            Matcher m = SINCE.matcher(role);
            return m.find() ? java.time.Instant.parse(m.group(1)) : null;
        }

        /** When its last probe cycle ended, null when none did (or it did not answer). */
        public java.time.Instant lastCycleAt() {
            return status == null || !status.hasNonNull("lastCycleAt") ? null
                    : java.time.Instant.parse(status.get("lastCycleAt").asText());
        }

        /** Whether it leads and has finished a probe cycle since it came to lead. */
        public boolean probingAsLeader() {
            return leader && since() != null && lastCycleAt() != null && lastCycleAt().isAfter(since());
        }

        /** Its pending proposals of that kind (FAILOVER, NODE_FAILOVER, ...), as /api/status lists them. */
        public List<JsonNode> proposals(String kind) {
            List<JsonNode> found = new ArrayList<>();
            if (status != null) {
                status.path("proposals").forEach(p -> {
                    if (kind.equals(p.path("kind").asText())) {
                        found.add(p);
                    }
                });
            }
            return found;
        }

        /** One line for a test's failure message. */
        public String describe() {
            return member + ": " + (answered ? "cycle " + cycles + ", " + state + ", " + role : "no answer");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** The member's config file ({node}/controller/hactl.yml). */
    public Path config(String member) {
        return layout.controllerConfig(LabNode.host(member));
    }

    /** The member's state directory: its transition log. */
    public Path stateDir(String member) {
        return layout.controllerStateDir(LabNode.host(member));
    }

    /** The member's output (what the daemon says: its start, each change of its standing). */
    public Path output(String member) {
        return layout.controllerLog(LabNode.host(member));
    }

    /** Whether the member's controller runs (stopped or not). */
    public boolean running(String member) {
        return pid(LabNode.host(member)).isPresent();
    }

    /** The member's controller's PID, if it runs. */
    public OptionalLong pid(String member) {
        return pid(LabNode.host(member));
    }

    /** Whether the lab runs a controller in {@code n}: its config exists (start wrote it, removeAll removes it). */
    boolean configured(LabNode n) {
        return Files.exists(layout.controllerConfig(n));
    }

    /** The live controller's PID in {@code n} (its pid file's, alive, its config in the command line, in its namespace). */
    OptionalLong pid(LabNode n) {
        return procs.livePid(n, "controller");
    }

    /**
     * Writes {@code n}'s config from the lab's hactl.yml (mode 0600; its state directory 0700) and starts
     * the controller in the namespace, detached; its PID is the JVM's (the shell writes {@code $$}, then
     * execs bin/hactl, which execs java). Returns once that process exists; a no-op when it runs.
     */
    public void start(String member) {
        start(LabNode.host(member));
    }

    void start(LabNode n) {
        if (pid(n).isPresent()) {
            return;
        }
        writeConfig(n);
        List<String> argv = new ArrayList<>(List.of(shell.which("sh"), "-c", "echo $$ > \"$0\"; exec \"$@\"",
                layout.controllerPid(n).toString(), shell.which("env"), "HACTL_JAVA_OPTS=" + JAVA_OPTS,
                hactl().toString(), "controller", "--config", layout.controllerConfig(n).toString()));
        log.line("start the controller on " + n);
        shell.spawn(n, layout.controllerLog(n), argv.toArray(String[]::new));
        Poll.await("the controller on " + n + " to start", Duration.ofSeconds(20), Poll.EVERY,
                () -> pid(n).isPresent(), () -> LabFiles.tail(layout.controllerLog(n), 5));
    }

    /** Starts the three side by side (bin/hactl's class-data archive refreshed once first, not by three at once). */
    public void startAll() {
        refreshArchiveOnce();
        Parallel.run(LabNode.HOSTS.stream().<Runnable>map(n -> () -> start(n)).toList());
    }

    /**
     * Starts {@code first} alone and waits (up to 2 minutes) until it leads, then the other two side by
     * side: the latch's first participant leads, so a test puts the leader where it wants it (the master's
     * node: the leader dies with the master).
     */
    public void startAll(String first) {
        LabNode lead = LabNode.host(first);
        refreshArchiveOnce();
        start(lead);
        awaitLeader(Duration.ofMinutes(2), v -> v.member().equals(lead.name()));
        Parallel.run(LabNode.HOSTS.stream().filter(n -> !n.equals(lead)).<Runnable>map(n -> () -> start(n)).toList());
    }

    /**
     * {@code bin/hactl --version} once for this lab object: it refreshes bin/hactl's class-data archive when
     * the jars changed, so three controllers starting at once do not each build it. The jars do not change
     * during a test run, so the later starts skip it (a JVM start each: ~2 s on a loaded machine).
     */
    private void refreshArchiveOnce() {
        synchronized (this) {
            if (archiveRefreshed) {
                return;
            }
            shell.check("host", Duration.ofSeconds(120), null, hactl().toString(), "--version");
            archiveRefreshed = true;
        }
    }

    private void writeConfig(LabNode n) {
        try {
            Files.createDirectories(layout.controllerDir(n));
            Files.createDirectories(layout.controllerStateDir(n));
            Files.setPosixFilePermissions(layout.controllerStateDir(n), PosixFilePermissions.fromString("rwx------"));
            synchronized (LabControllers.class) { // the three start side by side: one writes the password
                if (!Files.exists(layout.zookeeperPassword())) {
                    LabFiles.writeSecret(layout.zookeeperPassword(), LabFiles.randomPassword());
                }
            }
            Path cfg = layout.controllerConfig(n);
            Files.writeString(cfg, LabTexts.controllerYml(layout, n, Files.readString(layout.config())));
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9 of the controller's JVM; waits until it is gone. False when it was not running. */
    public boolean kill9(String member) {
        return kill9(LabNode.host(member));
    }

    boolean kill9(LabNode n) {
        OptionalLong pid = pid(n);
        if (pid.isEmpty()) {
            return false;
        }
        log.line("kill -9 the controller on " + n + " (pid " + pid.getAsLong() + ")");
        Procs.signal(pid.getAsLong(), true);
        Poll.await("the controller's pid " + pid.getAsLong() + " on " + n + " to die", Duration.ofSeconds(10),
                Duration.ofMillis(10), () -> !Procs.alive(pid.getAsLong()), null);
        return true;
    }

    /** SIGSTOP to the controller's JVM: alive, silent (a GC pause that never ends). False when it was not running. */
    public boolean stop(String member) {
        return pause(LabNode.host(member));
    }

    boolean pause(LabNode n) {
        OptionalLong pid = pid(n);
        if (pid.isEmpty()) {
            return false;
        }
        shell.check(n.name(), "kill", "-STOP", Long.toString(pid.getAsLong()));
        Poll.await("the controller on " + n + " to stop", Duration.ofSeconds(5), Duration.ofMillis(10),
                () -> Procs.stopped(pid.getAsLong()), null);
        return true;
    }

    /** SIGCONT to the controller's JVM when it is stopped; a no-op otherwise. */
    public void cont(String member) {
        resume(LabNode.host(member));
    }

    void resume(LabNode n) {
        if (paused(n)) {
            shell.check(n.name(), "kill", "-CONT", Long.toString(pid(n).getAsLong()));
        }
    }

    boolean paused(LabNode n) {
        OptionalLong pid = pid(n);
        return pid.isPresent() && Procs.stopped(pid.getAsLong());
    }

    /** heal's part: every controller the lab runs is running again (SIGCONT, or started); what it did into actions. */
    void heal(List<String> actions) {
        List<Runnable> starts = new ArrayList<>();
        for (LabNode n : LabNode.HOSTS) {
            if (!configured(n)) {
                continue;
            }
            if (paused(n)) {
                actions.add("SIGCONT to the controller on " + n);
                resume(n);
            } else if (pid(n).isEmpty()) {
                actions.add("start the controller on " + n);
                starts.add(() -> start(n));
            }
        }
        Parallel.run(starts);
    }

    /**
     * kill -9 of the three (no orderly leave: the next test starts from nothing) and their directories
     * removed (configs, state, logs), so heal does not start them again. Returns the members killed.
     */
    public List<String> removeAll() {
        List<String> killed = new ArrayList<>();
        for (LabNode n : LabNode.HOSTS) {
            resume(n);
            if (kill9(n)) {
                killed.add(n.name());
            }
            LabFiles.deleteTree(layout.controllerDir(n));
        }
        return killed;
    }

    /** bin/hactl of this checkout: HACTL_HOME (bin/hactl sets it), else found above where hactl's classes are. */
    static Path hactl() {
        String home = System.getenv("HACTL_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "hactl"))) {
            return Path.of(home, "bin", "hactl");
        }
        try {
            Path p = Path.of(io.hactl.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isExecutable(d.resolve("bin/hactl")) && Files.isDirectory(d.resolve("controller"))) {
                    return d.resolve("bin/hactl");
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the refusal
        }
        throw LabException.precondition("the lab's controllers run bin/hactl of hactl's checkout, and it was not"
                + " found (HACTL_HOME unset, nothing above " + io.hactl.cli.Main.class.getProtectionDomain().getCodeSource()
                .getLocation() + "): run the lab from the checkout (bin/hactl lab ..., or mvn in it)");
    }

    // ------------------------------------------------------------------ what they say

    /** The member's view from its API ({@code GET /api/status} with the lab operator's token, 0.5 s to connect, 2 s to answer). */
    public View view(String member) {
        return view(LabNode.host(member));
    }

    View view(LabNode n) {
        ApiClient api = new ApiClient(n.address(), PORT, Duration.ofMillis(500), Duration.ofSeconds(2));
        try {
            // open reads are open to the controller's own machine only: from here the operator's token
            ApiClient.Reply r = api.get("/api/status", LabFiles.secret(layout.operatorToken()));
            if (!r.ok() || r.json() == null) {
                return new View(n.name(), false, "HTTP " + r.status() + ": " + r.message(), false, 0, 0, "", r.json());
            }
            return of(n.name(), r.json());
        } catch (ApiClient.Unreachable e) {
            return new View(n.name(), false, "", false, 0, 0, "", null);
        }
    }

    /** A view from a /api/status answer: its "coordination:" evidence line, cycles and state. */
    static View of(String member, JsonNode status) {
        String role = "";
        for (JsonNode e : status.path("evidence")) {
            if (e.asText().startsWith("coordination: ")) {
                role = e.asText();
                break;
            }
        }
        Matcher m = ROLE.matcher(role);
        boolean leader = m.find() && m.group(2) != null;
        Matcher ep = EPOCH.matcher(role);
        long epoch = ep.find() ? Long.parseLong(ep.group(1)) : 0;
        return new View(member, true, role, leader, epoch, status.path("cycles").asLong(),
                status.path("state").asText(""), status);
    }

    /** The three views, asked side by side; a stopped controller's is "no answer" without asking. */
    public List<View> views() {
        List<CompletableFuture<View>> asked = LabNode.HOSTS.stream().map(n -> CompletableFuture.supplyAsync(
                () -> paused(n) || pid(n).isEmpty() ? new View(n.name(), false, "", false, 0, 0, "", null) : view(n),
                Parallel.POOL)).toList();
        return asked.stream().map(CompletableFuture::join).toList();
    }

    /** The controller that says it leads (the highest epoch, should two say so: the lower one is deposed), if any. */
    public Optional<View> leader() {
        return leader(views());
    }

    static Optional<View> leader(List<View> views) {
        return views.stream().filter(View::leader).max(Comparator.comparingLong(View::epoch));
    }

    /** Waits until a controller leads and {@code also} holds of it; returns it. */
    public View awaitLeader(Duration timeout, Predicate<View> also) {
        List<View>[] last = new List[] {List.of()};
        Poll.await("a lab controller to lead", timeout, Duration.ofMillis(100), () -> {
            last[0] = views();
            return leader(last[0]).filter(also).isPresent();
        }, () -> String.join("; ", last[0].stream().map(View::describe).toList()));
        return leader(last[0]).orElseThrow();
    }
}
