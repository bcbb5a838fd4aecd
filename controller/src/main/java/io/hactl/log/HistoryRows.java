package io.hactl.log;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transition log as rows for a page (the console's History): a controller line as {@code hactl
 * history} reads it ({@link EntryText}: its label and what happened), and the lines of one operation
 * run as one row, its steps each with result, duration and detail as {@code hactl report} lists them.
 * Pure, like {@link HistoryText}: the lines in (already {@link EntryText#printable}), the rows out.
 */
public final class HistoryRows {

    /** The kinds of lines, as a filter names them. */
    public static final List<String> TYPES = List.of("state", "proposal", "operation", "alert");

    /**
     * One row: a controller line, or an operation run with its steps and notes.
     *
     * @param type  state, proposal, operation or alert
     * @param label STATE, ACK, ALERT FAILED...; for an operation its name
     * @param what  what happened, in a line; for an operation its name, id, plan and outcome
     * @param who   who did it (for an operation also why)
     * @param steps an operation's steps, each with its result and duration
     * @param notes an operation's notes
     */
    public record Row(Instant time, String type, String label, String what, String who, List<String> steps,
                      List<String> notes) {
    }

    private HistoryRows() {
    }

    /** state, proposal, operation or alert: the kind of line. */
    public static String type(TransitionEntry e) {
        if (e instanceof StateEntry) {
            return "state";
        }
        if (e instanceof ProposalEntry) {
            return "proposal";
        }
        return e instanceof OperationEntry ? "operation" : "alert";
    }

    /** The rows of {@code lines}, in their order: an operation run's row where its first line is. */
    public static List<Row> of(List<TransitionEntry> lines) {
        Map<String, List<OperationEntry>> runs = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (TransitionEntry e : lines) {
            if (e instanceof OperationEntry o && o.operationId() != null) {
                List<OperationEntry> run = runs.get(o.operationId());
                if (run == null) {
                    run = new ArrayList<>();
                    runs.put(o.operationId(), run);
                    order.add(run);
                }
                run.add(o);
            } else {
                order.add(e);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Object x : order) {
            if (x instanceof OperationEntry o) {
                rows.add(operation(List.of(o)));    // refused before a run began: no id
            } else if (x instanceof TransitionEntry e) {
                rows.add(new Row(e.time(), type(e), EntryText.label(e), EntryText.what(e), e.who() == null ? ""
                        : e.who(), List.of(), List.of()));
            } else {
                @SuppressWarnings("unchecked")
                List<OperationEntry> run = (List<OperationEntry>) x;
                rows.add(operation(run));
            }
        }
        return rows;
    }

    /** One operation run: its start's plan and who, its end's result, each step with its outcome. */
    private static Row operation(List<OperationEntry> run) {
        OperationEntry first = run.get(0);
        OperationEntry start = run.stream().filter(o -> o.event() == Event.OPERATION_START).findFirst().orElse(first);
        OperationEntry end = run.stream().filter(o -> o.event() == Event.OPERATION_END || o.event() == Event.REFUSED)
                .reduce((a, b) -> b).orElse(null);
        List<String> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            OperationEntry o = run.get(i);
            if (o.event() == Event.STEP_END) {
                steps.add(EntryText.join(" ", step(o) + ":", o.result(), in(o.elapsedMs()),
                        o.detail() == null ? null : "(" + o.detail() + ")"));
            } else if (o.event() == Event.STEP_START && !ended(run, i)) {
                steps.add(step(o) + ": started, no end recorded (yet)");
            } else if (o.event() == Event.NOTE) {
                notes.add(EntryText.join(": ", o.node(), o.detail()));
            }
        }
        String outcome = end == null ? "no end recorded (yet)" : EntryText.join(" ", end.result(), in(end.elapsedMs()),
                end.detail() == null ? null : "— " + end.detail());
        String what = EntryText.join(": ", EntryText.join(" ", start.operation(), start.operationId()),
                EntryText.join("; ", start.event() == Event.OPERATION_START ? start.detail() : null, outcome));
        String who = EntryText.join("; ", start.who(), start.why() == null ? null : "why: " + start.why());
        return new Row(first.time(), "operation", start.operation() == null ? "OPERATION" : start.operation(), what,
                who == null ? "" : who, steps, notes);
    }

    private static boolean ended(List<OperationEntry> run, int index) {
        OperationEntry s = run.get(index);
        return run.subList(index + 1, run.size()).stream().anyMatch(o -> o.event() == Event.STEP_END
                && Objects.equals(o.step(), s.step()) && Objects.equals(o.node(), s.node()));
    }

    private static String step(OperationEntry o) {
        return EntryText.join(" ", o.node(), o.step() == null ? "(step)" : o.step());
    }

    private static String in(Long ms) {
        return ms == null ? null : "in " + DurationText.human(Duration.ofMillis(ms));
    }
}
