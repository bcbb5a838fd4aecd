package io.hactl.log;

import io.hactl.check.TextTable;
import io.hactl.log.TransitionEntry.Event;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of {@code hactl history}: operation lines in the aligned table of issue 3
 * (time, operation, id, event, node, step, result, ms, detail), and, in time order among
 * them, each controller line on one line of its own: time, label, what happened
 * ({@code STATE  ACTIVE_SYNCED -> MASTER_DOWN  master n1 down ...}).
 */
public final class HistoryText {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    static final int LABEL_WIDTH = 10;

    private HistoryText() {
    }

    /** The lines, their control characters escaped ({@link EntryText#printable}): one printed line per entry. */
    public static String render(List<TransitionEntry> stored) {
        List<TransitionEntry> entries = stored.stream().map(EntryText::printable).toList();
        TextTable t = new TextTable("TIME (UTC)", "OPERATION", "ID", "EVENT", "NODE", "STEP", "RESULT", "MS", "DETAIL");
        for (TransitionEntry e : entries) {
            if (e instanceof OperationEntry o) {
                boolean opLine = o.event() == Event.OPERATION_START || o.event() == Event.REFUSED;
                String detail = o.detail() == null ? "" : o.detail();
                if (opLine) {
                    detail = detail + " [by " + o.who() + "; why: " + o.why() + "]";
                }
                t.row(time(o), o.operation(), o.operationId(), o.event().json(), o.node(), o.step(), o.result(),
                        o.elapsedMs(), detail);
            }
        }
        List<String> table = new ArrayList<>(t.render("").lines().toList());
        int timeWidth = Math.max("TIME (UTC)".length(), entries.stream().mapToInt(e -> time(e).length()).max().orElse(0));
        StringBuilder sb = new StringBuilder(table.get(0)).append('\n');
        int next = 1;
        for (TransitionEntry e : entries) {
            if (EntryText.isOperationLine(e)) {
                sb.append(table.get(next++)).append('\n');
            } else {
                String label = EntryText.label(e);
                String what = EntryText.what(e);
                sb.append(pad(time(e), timeWidth)).append("  ").append(pad(label, LABEL_WIDTH)).append("  ")
                        .append(what == null ? "" : what);
                sb.setLength(sb.toString().stripTrailing().length());
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String time(TransitionEntry e) {
        return e.time() == null ? "(no time)" : TIME.format(e.time());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
