package io.hactl.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one {@code hactl db-master-set}'s wall time went (issue 20, "profile where the 1.7 s
 * goes"), told from outside: the moment each output line arrived. The command flushes each line
 * as it happens (the config line once the config is read, the plan once both nodes are read, a
 * step's line when the step ends), so the gaps between lines are its phases:
 * <ol>
 *   <li>{@link #START}: the process start to the config line: the JVM, the launcher, the config;
 *   <li>{@link #READ}: to the plan: the pair lock, the SSH sessions and SQL connections to both
 *       nodes, reading them, the plan;
 *   <li>{@link #TO_COMMIT}: to the end of the step that adds the DB VIP on the new master (the
 *       commit point): the switch's steps, the write gap among them;
 *   <li>{@link #AFTER_COMMIT}: to the last line: the checks after the commit point, the old master
 *       made a replica;
 *   <li>{@link #EXIT}: to the process's end: sessions closed, the JVM ends.
 * </ol>
 */
final class SwitchProfile {

    static final String START = "JVM start + config";
    static final String READ = "pair lock, both nodes read, plan";
    static final String TO_COMMIT = "steps to the commit point";
    static final String AFTER_COMMIT = "after the commit point";
    static final String EXIT = "exit";

    /** The write gap's pieces, as the steps from the old master's read-only to the DB VIP on the new one. */
    static final String GAP_READ_ONLY = "old master read-only";
    static final String GAP_LOCK = "old master write lock (FTWRL)";
    static final String GAP_SESSIONS = "old master client sessions ended";
    static final String GAP_CATCH_UP = "catch-up wait (new master has the last GTID)";
    static final String GAP_RESET = "new master: replication stopped, reset";
    static final String GAP_WRITABLE = "new master writable";
    static final String GAP_VIP_REMOVED = "DB VIP removed from the old master";
    static final String GAP_VIP_ADDED = "DB VIP added on the new master + ARP";
    static final String GAP_BETWEEN = "between the steps (logs, threads)";

    private static final Pattern STEP_MS = Pattern.compile("^ +\\d+\\. .* \\.\\.\\. .*\\((\\d+) ms\\)$");
    private static final Pattern STEP = Pattern.compile("^ +\\d+\\. +\\S+ +(.+?) \\.\\.\\. .*\\((\\d+) ms\\)$");

    /** One output line and when it arrived (System.nanoTime()). */
    record Line(long nanos, String text) {
    }

    private final Map<String, Long> phases;
    private final long stepsMillis;
    private final Map<String, Long> gap;
    private final long commitNanos;

    private SwitchProfile(Map<String, Long> phases, long stepsMillis, Map<String, Long> gap, long commitNanos) {
        this.phases = phases;
        this.stepsMillis = stepsMillis;
        this.gap = gap;
        this.commitNanos = commitNanos;
    }

    /** The profile of a command started at {@code startNanos} that printed {@code lines} and ended at {@code exitNanos}. */
    static SwitchProfile of(long startNanos, List<Line> lines, long exitNanos) {
        long config = startNanos;
        long plan = -1;
        long commit = -1;
        long last = startNanos;
        long steps = 0;
        for (Line l : lines) {
            String t = l.text();
            if (config == startNanos && t.startsWith("config: ")) {
                config = l.nanos();
            }
            if (plan < 0 && t.strip().startsWith("plan: ")) {
                plan = l.nanos();
            }
            Matcher m = STEP_MS.matcher(t);
            if (m.matches()) {
                steps += Long.parseLong(m.group(1));
                if (commit < 0 && t.contains(" add DB VIP ")) {
                    commit = l.nanos();
                }
            }
            last = l.nanos();
        }
        if (plan < 0) {
            plan = config;
        }
        if (commit < 0) {
            commit = plan;
        }
        Map<String, Long> p = new LinkedHashMap<>();
        p.put(START, ms(startNanos, config));
        p.put(READ, ms(config, plan));
        p.put(TO_COMMIT, ms(plan, commit));
        p.put(AFTER_COMMIT, ms(commit, last));
        p.put(EXIT, ms(last, exitNanos));
        return new SwitchProfile(p, steps, gapPieces(lines), commit);
    }

    /**
     * The write gap as hactl made it (issue 20, "the write gap's pieces"): each step from the old
     * master's read-only to the DB VIP added on the new master, by its own timing, and what passed
     * between them (the add's line minus the read-only step's start, less the steps): the
     * transition log's writes, the threads. Empty when the command had no such steps.
     */
    private static Map<String, Long> gapPieces(List<Line> lines) {
        Map<String, Long> g = new LinkedHashMap<>();
        long start = -1;
        long sum = 0;
        for (Line l : lines) {
            Matcher m = STEP.matcher(l.text());
            if (!m.matches()) {
                continue;
            }
            String step = m.group(1);
            long ms = Long.parseLong(m.group(2));
            if (start < 0) {
                if (!step.matches("set (super_)?read_only=ON.*")) {
                    continue;
                }
                start = l.nanos() - ms * 1_000_000L;
            }
            g.merge(gapName(step), ms, Long::sum);
            sum += ms;
            if (step.startsWith("add DB VIP")) {
                g.put(GAP_BETWEEN, Math.max(0, ms(start, l.nanos()) - sum));
                return g;
            }
        }
        return new LinkedHashMap<>();
    }

    private static String gapName(String step) {
        if (step.matches("set (super_)?read_only=ON.*")) {
            return GAP_READ_ONLY;
        }
        if (step.startsWith("block every write")) {
            return GAP_LOCK;
        }
        if (step.startsWith("end client sessions")) {
            return GAP_SESSIONS;
        }
        if (step.startsWith("wait until")) {
            return GAP_CATCH_UP;
        }
        if (step.startsWith("stop replication, forget it")) {
            return GAP_RESET;
        }
        if (step.matches("set (super_)?read_only=OFF.*")) {
            return GAP_WRITABLE;
        }
        if (step.startsWith("remove DB VIP")) {
            return GAP_VIP_REMOVED;
        }
        if (step.startsWith("add DB VIP")) {
            return GAP_VIP_ADDED;
        }
        String words = step.split(" \\(| with ", 2)[0];
        return words.length() > 60 ? words.substring(0, 60) : words;
    }

    /** The write gap's pieces in ms ({@link #gapPieces}), in the order the steps ran. */
    Map<String, Long> gapPiecesMillis() {
        return gap;
    }

    /** When the DB VIP's add step's line arrived (System.nanoTime()): the commit point as seen from outside. */
    long commitNanos() {
        return commitNanos;
    }

    /** The phases in order, in ms; they add up to the wall time. */
    Map<String, Long> phasesMillis() {
        return phases;
    }

    /** The sum of the steps' own timings as the command printed them. */
    long stepsMillis() {
        return stepsMillis;
    }

    private static long ms(long from, long to) {
        return Math.max(0, (to - from) / 1_000_000L);
    }
}
