package io.hactl.log;

import io.hactl.log.TransitionEntry.Events;
import io.hactl.model.DurationText;
import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A post-incident review in Markdown, from the transition log lines of a time window (pure:
 * the lines in, the text out; {@code hactl report} writes it). Sections: a summary (states
 * passed through, the worst, time in each; proposals; operations and their results; the
 * data-loss figure; alerts), the timeline (every line, with the time since the first, each
 * step with its duration), what was seen (each state change's sentence and evidence), what
 * was proposed, who decided (each acknowledgement and rejection: who, when, comment, how long
 * after the proposal) and each operation's steps.
 */
public final class IncidentReport {

    static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String cluster;
    private final Instant from;
    private final Instant to;
    private final Instant now;
    private final List<TransitionEntry> lines;
    private final StringBuilder md = new StringBuilder();

    /** The lines in the window, their control characters escaped ({@link EntryText#printable}). */
    private IncidentReport(String cluster, List<TransitionEntry> all, Instant from, Instant to, Instant now) {
        this.cluster = cluster;
        this.now = now;
        this.from = from;
        this.to = to;
        this.lines = all.stream().filter(Objects::nonNull)
                .filter(e -> e.time() != null && !e.time().isBefore(from) && !e.time().isAfter(to))
                .map(EntryText::printable).toList();
    }

    /** The report of the lines of {@code entries} whose time is in [from, to], written at {@code now}. */
    public static String render(String cluster, List<TransitionEntry> entries, Instant from, Instant to, Instant now) {
        return new IncidentReport(cluster, entries, from, to, now).build();
    }

    private String build() {
        md.append("# Incident report: ").append(cluster == null ? "(cluster unknown)" : cluster).append(", ")
                .append(FULL.format(from)).append(" to ").append(FULL.format(to)).append(" UTC\n\n");
        if (lines.isEmpty()) {
            md.append("Nothing was recorded in the transition log in this window.\n");
            return md.toString();
        }
        md.append("From the transition log: ").append(lines.size()).append(" lines, ")
                .append(FULL.format(lines.get(0).time())).append(" to ")
                .append(FULL.format(lines.get(lines.size() - 1).time())).append(" UTC.\n\n");
        summary();
        timeline();
        seen();
        proposed();
        decided();
        operations();
        return md.toString();
    }

    // ---- summary

    private void summary() {
        md.append("## Summary\n\n");
        List<TransitionEntry> states = of(Events.STATE);
        if (states.isEmpty()) {
            md.append("- **States**: no state change in this window.\n");
        } else {
            List<String> path = new ArrayList<>();
            if (states.get(0).from() != null) {
                path.add(states.get(0).from());
            }
            states.forEach(s -> path.add(s.to() == null ? "?" : s.to()));
            md.append("- **States passed through**: ").append(String.join(" → ", path)).append('\n');
            TransitionEntry worst = null;
            for (TransitionEntry s : states) {
                if (severity(s.to()) != null && (worst == null || severity(s.to()).ordinal() > severity(worst.to()).ordinal())) {
                    worst = s;
                }
            }
            if (worst != null) {
                md.append("- **Worst state**: ").append(worst.to()).append(" (")
                        .append(severity(worst.to()).name().toLowerCase(Locale.ROOT)).append("), reached at ")
                        .append(TIME.format(worst.time())).append('\n');
            }
            md.append("- **Time in each state**: ").append(timeInStates(states)).append('\n');
        }
        Map<String, Proposal> proposals = proposals();
        long refusedAcks = lines.stream().filter(EntryText::refusedAck).count();
        md.append("- **Proposals**: ").append(count(Events.PROPOSAL)).append(" made, ")
                .append(count(Events.ACK) - refusedAcks).append(" acknowledged, ")
                .append(refusedAcks > 0 ? refusedAcks + " acknowledgement(s) refused, " : "").append(count(Events.REJECT)).append(" rejected, ")
                .append(count(Events.EXPIRE)).append(" expired");
        long withdrawn = count(Events.WITHDRAW);
        if (withdrawn > 0) {
            md.append(", ").append(withdrawn).append(" withdrawn");
        }
        long pending = proposals.values().stream().filter(p -> p.status() == Proposal.Status.PENDING).count();
        if (pending > 0) {
            md.append(", ").append(pending).append(" still pending at the end");
        }
        md.append('\n');
        List<TransitionEntry> ends = lines.stream().filter(e -> Events.OPERATION_END.equals(e.event())
                || Events.REFUSED.equals(e.event()) || Events.INTERRUPTED.equals(e.event())).toList();
        List<String> unfinished = new ArrayList<>();
        for (TransitionEntry s : of(Events.OPERATION_START)) {
            if (ends.stream().noneMatch(e -> s.operationId() != null && s.operationId().equals(e.operationId()))) {
                unfinished.add(s.operation() + " " + s.operationId() + " (no end in this window)");
            }
        }
        List<String> ops = new ArrayList<>();
        for (TransitionEntry e : ends) {
            ops.add(EntryText.join(" ", e.operation(), e.operationId(), e.who() == null ? null : "by " + e.who() + ":",
                    Events.INTERRUPTED.equals(e.event()) ? "INTERRUPTED" : e.result(),
                    e.elapsedMs() == null ? null : "in " + DurationText.human(Duration.ofMillis(e.elapsedMs()))));
        }
        ops.addAll(unfinished);
        md.append("- **Operations**: ").append(ops.isEmpty() ? "none" : String.join("; ", ops)).append('\n');
        md.append("- **Data loss**: ").append(dataLoss(proposals)).append('\n');
        long sent = count(Events.ALERT);
        long failed = count(Events.ALERT_FAILED);
        md.append("- **Alerts**: ").append(sent).append(" sent, ").append(failed).append(" failed\n\n");
    }

    private String timeInStates(List<TransitionEntry> states) {
        Map<String, Duration> time = new LinkedHashMap<>();
        TransitionEntry first = states.get(0);
        if (first.from() != null) {
            Instant start = lines.get(0).time();
            time.merge(first.from(), Duration.between(start, first.time()), Duration::plus);
        }
        for (int i = 0; i < states.size(); i++) {
            TransitionEntry s = states.get(i);
            Instant end = i + 1 < states.size() ? states.get(i + 1).time() : lastInstant();
            if (s.to() != null && !end.isBefore(s.time())) {
                time.merge(s.to(), Duration.between(s.time(), end), Duration::plus);
            }
        }
        List<String> parts = new ArrayList<>();
        time.forEach((state, d) -> parts.add(state + " " + DurationText.human(d)));
        return String.join(", ", parts) + (to.isAfter(now) ? " (the last one until now)"
                : " (the last one until the end of the window)");
    }

    /** Until when the last state counts: the end of the window, or now when the window reaches past it. */
    private Instant lastInstant() {
        Instant end = to.isAfter(now) ? now : to;
        Instant lastLine = lines.get(lines.size() - 1).time();
        return end.isBefore(lastLine) ? lastLine : end;
    }

    private String dataLoss(Map<String, Proposal> proposals) {
        List<String> parts = new ArrayList<>();
        for (TransitionEntry a : of(Events.ACK)) {
            if (EntryText.refusedAck(a)) {
                continue;
            }
            Proposal p = a.proposal() != null ? a.proposal() : proposals.get(a.proposalId());
            if (p != null && p.promotes()) {
                parts.add((p.risk() == null ? "no risk figure recorded" : p.risk()) + " (the acknowledged "
                        + (p.kind() == Proposal.Kind.NODE_FAILOVER ? "node failover" : "failover") + " proposal " + p.id()
                        + ")");
            }
        }
        for (TransitionEntry n : of(Events.NOTE)) {
            if (n.detail() != null && n.detail().toLowerCase(Locale.ROOT).contains("transaction")) {
                parts.add("\"" + n.detail() + "\" (" + EntryText.join(" ", n.operation(), n.operationId(),
                        n.node() == null ? null : "on " + n.node()) + ")");
            }
        }
        return parts.isEmpty() ? "no failover was acknowledged and no operation noted transactions: none recorded"
                : String.join("; ", parts);
    }

    // ---- timeline

    private void timeline() {
        md.append("## Timeline\n\n| Time (UTC) | Since first | Event | What | Who |\n|---|---|---|---|---|\n");
        Instant t0 = lines.get(0).time();
        for (int i = 0; i < lines.size(); i++) {
            TransitionEntry e = lines.get(i);
            if (Events.STEP_START.equals(e.event()) && endOf(i) != null) {
                continue;   // shown once, on its end line, with its duration
            }
            md.append("| ").append(TIME.format(e.time())).append(" | +").append(elapsed(Duration.between(t0, e.time())))
                    .append(" | ").append(EntryText.label(e)).append(" | ").append(cell(timelineWhat(e, i)))
                    .append(" | ").append(cell(who(e))).append(" |\n");
        }
        md.append('\n');
    }

    private String timelineWhat(TransitionEntry e, int index) {
        if (!EntryText.isOperationLine(e)) {
            return EntryText.what(e);
        }
        String op = EntryText.join(" ", e.operation(), e.operationId());
        return switch (e.event()) {
            case Events.OPERATION_START -> EntryText.join(": ", op, EntryText.join(" ", e.detail(),
                    e.why() == null ? null : "(why: " + e.why() + ")"));
            case Events.STEP_START -> EntryText.join(" ", step(e), "started; no end recorded");
            case Events.STEP_END -> EntryText.join(" ", step(e) + ":", e.result(),
                    e.elapsedMs() == null ? null : "in " + DurationText.human(Duration.ofMillis(e.elapsedMs())),
                    e.detail() == null ? null : "(" + e.detail() + ")");
            case Events.NOTE -> EntryText.join(": ", e.node(), e.detail());
            default -> EntryText.join(": ", op, EntryText.join(" ", e.result(),
                    e.elapsedMs() == null ? null : "in " + DurationText.human(Duration.ofMillis(e.elapsedMs())),
                    e.detail() == null ? null : "— " + e.detail()));
        };
    }

    private static String step(TransitionEntry e) {
        return EntryText.join(" ", e.node(), e.step() == null ? "(step)" : e.step());
    }

    /** The step-end line of the step-start line at {@code index}, or null. */
    private TransitionEntry endOf(int index) {
        TransitionEntry s = lines.get(index);
        for (int j = index + 1; j < lines.size(); j++) {
            TransitionEntry e = lines.get(j);
            if (Events.STEP_END.equals(e.event()) && Objects.equals(e.operationId(), s.operationId())
                    && Objects.equals(e.step(), s.step()) && Objects.equals(e.node(), s.node())) {
                return e;
            }
        }
        return null;
    }

    private static String who(TransitionEntry e) {
        if (Events.ACK.equals(e.event()) || Events.REJECT.equals(e.event())) {
            return EntryText.decidedBy(e);
        }
        return e.who();
    }

    // ---- what was seen, proposed, decided

    private void seen() {
        md.append("## What was seen\n\n");
        List<TransitionEntry> states = of(Events.STATE);
        if (states.isEmpty()) {
            md.append("No state change in this window.\n\n");
            return;
        }
        for (TransitionEntry s : states) {
            md.append("- **").append(TIME.format(s.time())).append("** ").append(EntryText.transition(s)).append(": ")
                    .append(s.sentence() == null ? "(no sentence recorded)" : s.sentence()).append('\n');
            for (String ev : s.evidence() == null ? List.<String>of() : s.evidence()) {
                md.append("  - ").append(ev).append('\n');
            }
        }
        md.append('\n');
    }

    private void proposed() {
        List<TransitionEntry> made = of(Events.PROPOSAL);
        if (made.isEmpty()) {
            return;
        }
        Map<String, Proposal> last = proposals();
        md.append("## What was proposed\n\n");
        for (TransitionEntry e : made) {
            Proposal p = e.proposal();
            String id = p != null ? p.id() : e.proposalId();
            Proposal now = last.get(id);
            md.append("- **").append(id).append("** at ").append(TIME.format(e.time())).append(": ")
                    .append(EntryText.join(" ", EntryText.kind(e))).append(p == null || p.action() == null ? ""
                            : " — " + p.action()).append('\n');
            if (p != null && p.sentence() != null) {
                md.append("  - why: ").append(p.sentence()).append('\n');
            }
            if (EntryText.risk(e) != null) {
                md.append("  - risk: ").append(EntryText.risk(e)).append('\n');
            }
            for (String ev : p == null || p.evidence() == null ? List.<String>of() : p.evidence()) {
                md.append("  - evidence: ").append(ev).append('\n');
            }
            if (p != null && p.expiresAt() != null) {
                md.append("  - expires: ").append(TIME.format(p.expiresAt())).append('\n');
            }
            md.append("  - outcome: ").append(now == null || now.status() == null ? "unknown"
                    : now.status().name().toLowerCase(Locale.ROOT)).append('\n');
        }
        md.append('\n');
    }

    private void decided() {
        md.append("## Who decided\n\n");
        List<TransitionEntry> decisions = lines.stream().filter(e -> Events.ACK.equals(e.event())
                || Events.REJECT.equals(e.event()) || Events.EXPIRE.equals(e.event())).toList();
        if (decisions.isEmpty()) {
            md.append("No proposal was acknowledged, rejected or expired in this window.\n\n");
            return;
        }
        md.append("| Proposal | Decision | Who | When (UTC) | After the proposal | Comment |\n|---|---|---|---|---|---|\n");
        Map<String, Instant> madeAt = new LinkedHashMap<>();
        for (TransitionEntry e : of(Events.PROPOSAL)) {
            madeAt.putIfAbsent(e.proposal() != null ? e.proposal().id() : e.proposalId(), e.time());
        }
        for (TransitionEntry e : decisions) {
            Proposal p = e.proposal();
            String id = p != null ? p.id() : e.proposalId();
            Instant created = p != null && p.createdAt() != null ? p.createdAt() : madeAt.get(id);
            Instant when = p != null && p.decidedAt() != null ? p.decidedAt() : e.time();
            String decision = EntryText.refusedAck(e) ? "acknowledgement refused: " + e.detail() : switch (e.event()) {
                case Events.ACK -> "acknowledged";
                case Events.REJECT -> "rejected";
                default -> "expired (nobody decided)";
            };
            md.append("| ").append(cell(EntryText.join(" ", id, EntryText.kind(e)))).append(" | ").append(decision)
                    .append(" | ").append(cell(Events.EXPIRE.equals(e.event()) ? "—" : EntryText.decidedBy(e)))
                    .append(" | ").append(TIME.format(when)).append(" | ")
                    .append(created == null ? "?" : DurationText.human(Duration.between(created, when))).append(" | ")
                    .append(cell(Events.EXPIRE.equals(e.event()) ? "—" : EntryText.comment(e))).append(" |\n");
        }
        md.append('\n');
    }

    private void operations() {
        List<TransitionEntry> starts = of(Events.OPERATION_START);
        if (starts.isEmpty()) {
            return;
        }
        md.append("## Operations\n\n");
        for (TransitionEntry s : starts) {
            List<TransitionEntry> run = lines.stream().filter(e -> s.operationId() != null
                    && s.operationId().equals(e.operationId()) && EntryText.isOperationLine(e)).toList();
            TransitionEntry end = run.stream().filter(e -> Events.OPERATION_END.equals(e.event())
                    || Events.REFUSED.equals(e.event())).reduce((a, b) -> b).orElse(null);
            md.append("### ").append(EntryText.join(" ", s.operation(), s.operationId())).append("\n\n")
                    .append("Started ").append(TIME.format(s.time())).append(s.who() == null ? "" : " by " + s.who())
                    .append(s.why() == null ? "" : " (why: " + s.why() + ")").append("; ")
                    .append(end == null ? "no end recorded in this window"
                            : "ended " + TIME.format(end.time()) + ": " + EntryText.join(" ", end.result(),
                            end.elapsedMs() == null ? null : "in " + DurationText.human(Duration.ofMillis(end.elapsedMs())),
                            end.detail() == null ? null : "— " + end.detail())).append(".\n\n");
            md.append("| # | Node | Step | Result | Duration | Detail |\n|---|---|---|---|---|---|\n");
            int n = 0;
            for (int i = 0; i < lines.size(); i++) {
                TransitionEntry e = lines.get(i);
                if (!Objects.equals(e.operationId(), s.operationId())) {
                    continue;
                }
                boolean openStep = Events.STEP_START.equals(e.event()) && endOf(i) == null;
                if (Events.STEP_END.equals(e.event()) || openStep) {
                    md.append("| ").append(++n).append(" | ").append(cell(e.node())).append(" | ")
                            .append(cell(e.step())).append(" | ").append(openStep ? "no end recorded" : cell(e.result()))
                            .append(" | ").append(e.elapsedMs() == null ? "—" : DurationText.human(Duration.ofMillis(e.elapsedMs())))
                            .append(" | ").append(cell(e.detail())).append(" |\n");
                }
            }
            md.append('\n');
        }
    }

    // ---- helpers

    private List<TransitionEntry> of(String event) {
        return lines.stream().filter(e -> event.equals(e.event())).toList();
    }

    private long count(String event) {
        return of(event).size();
    }

    /** Each proposal as the last line of the window leaves it. */
    private Map<String, Proposal> proposals() {
        Map<String, Proposal> out = new LinkedHashMap<>();
        for (TransitionEntry e : lines) {
            if (e.proposal() != null && e.proposal().id() != null) {
                out.put(e.proposal().id(), e.proposal());
            }
        }
        return out;
    }

    private static Severity severity(String state) {
        if (state == null) {
            return null;
        }
        try {
            return ClusterState.valueOf(state).severity();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code 0:02:04.130}: hours, minutes, seconds and milliseconds. */
    static String elapsed(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return String.format(Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60,
                ms % 1000);
    }

    /** Text safe in a Markdown table cell. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
