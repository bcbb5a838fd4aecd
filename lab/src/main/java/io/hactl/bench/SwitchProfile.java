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

    private static final Pattern STEP_MS = Pattern.compile("^ +\\d+\\. .* \\.\\.\\. .*\\((\\d+) ms\\)$");

    /** One output line and when it arrived (System.nanoTime()). */
    record Line(long nanos, String text) {
    }

    private final Map<String, Long> phases;
    private final long stepsMillis;

    private SwitchProfile(Map<String, Long> phases, long stepsMillis) {
        this.phases = phases;
        this.stepsMillis = stepsMillis;
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
        return new SwitchProfile(p, steps);
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
