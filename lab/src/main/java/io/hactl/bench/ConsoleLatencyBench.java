package io.hactl.bench;

import io.hactl.lab.browser.ConsoleBrowser;
import io.hactl.lab.browser.ConsoleDaemon;
import io.hactl.lab.Lab;
import io.hactl.lab.LabStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * bench/console-latency.sh (issue 17's figure): a state change on the pair → visible on the open console page,
 * without a reload. A controller daemon with console users on the lab ({@link ConsoleDaemon}), Debian's chromium
 * logged in as the viewer on the pair page ({@link ConsoleBrowser}), a MutationObserver in the page that notes
 * {@code Date.now()} each time {@code #state} shows another name (read back with executeScript; the page, the
 * controller and this JVM share the host's clock). Per run: n2's SQL thread stopped ({@code STOP SLAVE
 * SQL_THREAD}: DEGRADED), then started again (back to ACTIVE_SYNCED): two state changes, each measured
 * <ul>
 *   <li>from the controller's state change (its status' {@code since}) to the page showing it, and
 *   <li>from the fault (just before the SQL statement) to the page showing it.
 * </ul>
 * Prints each change, then median, p90 and max of both. The SQL thread is started again at the end, whatever
 * happened; the short version is {@code ConsoleLatencyShortLabIT}.
 *
 * <pre>java -cp PRODUCT:hactl-lab.jar:lib/*:browser-lib/* io.hactl.bench.ConsoleLatencyBench --runs 10
 *     --hactl bin/hactl [--config FILE] [--results DIR]</pre>
 */
public final class ConsoleLatencyBench {

    /** The issue's goal: the open page shows a state change within 1 s. */
    static final long GOAL_MS = 1000;
    static final Duration CHANGE_LIMIT = Duration.ofSeconds(30);
    static final String HEALTHY = "ACTIVE_SYNCED";

    /**
     * Notes every name {@code #state} shows, with the instant, in {@code window.hactlSeen}. It watches the whole
     * body: the live update replaces {@code #pair} (and the {@code #state} in it) as a whole.
     */
    static final String OBSERVER = """
            if (!window.hactlSeen) {
              window.hactlSeen = [];
              var last = null;
              var note = function () {
                var e = document.getElementById('state');
                var s = e ? e.textContent.trim() : null;
                if (s !== last) { last = s; window.hactlSeen.push({state: s, at: Date.now()}); }
              };
              new MutationObserver(note).observe(document.body, {childList: true, subtree: true, characterData: true});
              note();
            }
            return true;""";

    /**
     * One state change.
     *
     * @param run            1..N
     * @param state          the state the controller went to
     * @param faultToState   fault → the controller's state change (ms)
     * @param stateToVisible the controller's state change → the page showing it (ms)
     * @param faultToVisible fault → the page showing it (ms)
     */
    record Change(int run, String state, long faultToState, long stateToVisible, long faultToVisible) {
    }

    /** The changes measured and their figures. */
    record Result(List<Change> changes) {

        List<Long> stateToVisible() {
            return changes.stream().map(Change::stateToVisible).toList();
        }

        List<Long> faultToVisible() {
            return changes.stream().map(Change::faultToVisible).toList();
        }

        /** The lines the bench prints at the end. */
        String figures() {
            return line("state change -> visible on the open page", stateToVisible()) + "\n"
                    + line("fault -> visible on the open page       ", faultToVisible()) + "\n"
                    + String.format(Locale.ROOT, "goal: state change -> visible within %d ms (issue 17)", GOAL_MS);
        }

        private static String line(String what, List<Long> v) {
            return String.format(Locale.ROOT, "%s: median %.0f ms, p90 %d ms, max %d ms (%d changes)", what,
                    BenchWait.medianOf(v), p90(v), v.isEmpty() ? -1 : Collections.max(v), v.size());
        }
    }

    private ConsoleLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        Path hactl = Path.of("bin/hactl");
        Path config = Path.of("/var/lib/hactl-lab/hactl.yml");
        Path results = Path.of("bench/results/console-latency");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--hactl" -> hactl = Path.of(args[++i]);
                case "--config" -> config = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ConsoleLatencyBench [--runs N (default 10)] [--hactl PATH]"
                            + " [--config FILE] [--results DIR]");
                    System.exit(64);
                }
            }
        }
        int n = runs;
        Path h = hactl;
        Path c = config;
        Path r = results;
        System.exit(BenchLock.holding(() -> {
            Lab lab = new Lab(line -> System.out.println("[lab] " + line));
            LabStatus s = lab.status();
            if (!s.allUp()) {
                System.out.println("the lab is not up (" + String.join("; ", s.problems()) + "): run sudo bin/hactl lab up");
                return 2;
            }
            System.out.println("heal: " + BenchWait.summary(lab.heal()));
            Result result = run(lab, h, c, r, n, System.out::println);
            System.out.println(result.figures());
            return 0;
        }));
    }

    /**
     * {@code runs} times: n2's SQL thread stopped, then started; each state change measured. The lab must be
     * at its baseline (ACTIVE_SYNCED); the SQL thread is started again at the end, whatever happened.
     */
    static Result run(Lab lab, Path hactl, Path labConfig, Path dir, int runs, Consumer<String> out) throws IOException {
        List<Change> changes = new ArrayList<>();
        try (ConsoleDaemon daemon = ConsoleDaemon.start(hactl, labConfig, dir.resolve("controller"),
                BenchWait.freePort());
             ConsoleBrowser page = ConsoleBrowser.start(dir.resolve("browser"))) {
            daemon.awaitState(HEALTHY, CHANGE_LIMIT);
            page.logIn(daemon.baseUrl(), daemon.viewer().name(), daemon.viewer().password());
            page.awaitText("#state", HEALTHY, CHANGE_LIMIT);
            page.script(OBSERVER);
            for (int i = 1; i <= runs; i++) {
                changes.add(change(i, lab, daemon, page, "STOP SLAVE SQL_THREAD", out));
                changes.add(change(i, lab, daemon, page, "START SLAVE SQL_THREAD", out));
                daemon.awaitState(HEALTHY, CHANGE_LIMIT);
            }
        } finally {
            lab.sqlAsRoot("n2", "START SLAVE SQL_THREAD");
        }
        return new Result(changes);
    }

    private static Change change(int run, Lab lab, ConsoleDaemon daemon, ConsoleBrowser page, String sql,
                                 Consumer<String> out) {
        String before = daemon.status().map(s -> s.path("state").asText()).orElse("?");
        long fault = System.currentTimeMillis();
        lab.sqlAsRoot("n2", sql);
        var status = daemon.awaitStatus("a state other than " + before + " after " + sql, CHANGE_LIMIT,
                s -> !before.equals(s.path("state").asText()));
        String state = status.path("state").asText();
        long since = Instant.parse(status.path("since").asText()).toEpochMilli();
        long visible = BenchWait.awaitValue("the page to show " + state, CHANGE_LIMIT, () -> seenAt(page, state, fault));
        Change c = new Change(run, state, since - fault, visible - since, visible - fault);
        out.accept(String.format(Locale.ROOT, "run %d: %-24s -> %-13s fault->state %5d ms, state->visible %5d ms,"
                + " fault->visible %5d ms", run, sql, state, c.faultToState(), c.stateToVisible(), c.faultToVisible()));
        return c;
    }

    /** When the page first showed {@code state} at or after {@code notBefore} (epoch ms), if it has. */
    private static Optional<Long> seenAt(ConsoleBrowser page, String state, long notBefore) {
        Object seen = page.script("return window.hactlSeen === undefined ? null : window.hactlSeen");
        if (seen == null) {
            throw new IllegalStateException("the console page was reloaded (its observer is gone): the live update"
                    + " must change #state in place; see the controller's output and docs/console.md");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) seen;
        return firstSeen(entries, state, notBefore);
    }

    /** The instant of the first entry naming {@code state} at or after {@code notBefore}, if any. */
    static Optional<Long> firstSeen(List<Map<String, Object>> entries, String state, long notBefore) {
        return entries.stream().filter(e -> state.equals(e.get("state")))
                .map(e -> ((Number) e.get("at")).longValue()).filter(at -> at >= notBefore).findFirst();
    }

    /** The 90th percentile (nearest rank); -1 when there are none. */
    static long p90(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get((int) Math.ceil(0.9 * v.size()) - 1);
    }
}
