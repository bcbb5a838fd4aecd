package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.api.ControllerRenderer;
import io.hactl.backup.Journal;
import io.hactl.backup.Progress;
import io.hactl.control.ControllerStatus;
import io.hactl.log.HistoryText;
import io.hactl.log.IncidentReport;
import io.hactl.log.OperationEntry;
import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: control characters from --reason, comments and table names were printed raw: a
 * newline forged a line of history, ESC rewrote the terminal. Everything rendered for people
 * shows them escaped ({@code \n}, {@code \x1b}); the transition log keeps the text exact.
 */
class ControlCharsPrintedTest {

    /** A reason that forges a history line and clears the screen; a comment with a title-setting OSC; a bidi override. */
    static final String REASON = "kernel update\n2025-03-14 19:30:00.000  ACK  p-000000 by root \"forged\"\u001b[2J";
    static final String COMMENT = "ok\r\u001b]0;pwned\u0007 \u202egnp.exe\u009b";
    static final String TABLE = "t\u001b[31mred\tx";
    static final Instant T = Instant.parse("2025-03-14T19:00:00Z");

    @TempDir
    Path dir;

    /** True when {@code s} holds no control character but the line ends it is made of. */
    static void assertNoRawControl(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029'
                    || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
            assertThat(control).as(what + ": raw U+%04X at %d in%n%s", (int) c, i, s).isFalse();
        }
    }

    static Proposal proposal() {
        return new Proposal("p-3f9a1c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2; fence n1",
                "master n1 down\nSTATE forged", List.of("n1 SQL: refused" + TABLE), "n2 may lack\u001b[8m 3",
                T, T.plusSeconds(900), null, Proposal.Status.PENDING, null, null, null);
    }

    static List<TransitionEntry> entries() {
        Proposal acked = proposal().decided(Proposal.Status.ACKNOWLEDGED, "alice", T.plusSeconds(60), COMMENT);
        return List.of(
                new OperationEntry(T, "pair1", Event.OPERATION_START, "db-copy", "op1", null, null, null,
                        "copy table " + TABLE, "root (sudo by alice)@db1", REASON, null),
                new OperationEntry(T.plusSeconds(1), "pair1", Event.STEP_END, "db-copy", "op1", "copy " + TABLE, "n1",
                        "ok", "1 table", "root@db1", REASON, 5L),
                StateEntry.of(T.plusSeconds(2), "pair1", Event.STATE, "ACTIVE_SYNCED", "MASTER_DOWN",
                        "master n1 down\n2025-03-14 19:31:00.000  STATE  forged", List.of("e\u001b[1m"), "controller", null),
                ProposalEntry.of(T.plusSeconds(3), "pair1", Event.PROPOSAL, proposal(), null, "controller", null),
                ProposalEntry.of(T.plusSeconds(60), "pair1", Event.ACK, acked, "op2", "alice", COMMENT),
                StateEntry.of(T.plusSeconds(61), "pair1", Event.UNBLOCK, null, null, null, null, "alice", REASON));
    }

    @Test
    void controlCharactersFromReasonCommentsAndTableNamesArePrintedEscaped() {
        String history = HistoryText.render(entries());
        assertNoRawControl("history", history);
        assertThat(history.lines()).as("one line per entry plus the header: no forged line").hasSize(1 + entries().size());
        assertThat(history).contains("kernel update\\n2025-03-14 19:30:00.000", "\\x1b[2J", "t\\x1b[31mred\\tx",
                "\"ok\\r\\x1b]0;pwned\\x07 \\u202egnp.exe\\x9b\"");

        String report = IncidentReport.render("pair1", entries(), T, T.plusSeconds(3600), T.plusSeconds(3600));
        assertNoRawControl("report", report);
        assertThat(report).contains("x1b]0;pwned").doesNotContain("\n2025-03-14 19:31:00.000  STATE  forged");

        String proposals = ControllerRenderer.proposals(List.of(proposal()), T);
        assertNoRawControl("proposals", proposals);
        assertThat(proposals).contains("master n1 down\\nSTATE forged", "n2 may lack\\x1b[8m 3");
        ControllerStatus s = new ControllerStatus("pair1", ClusterState.FAILOVER_PROPOSED, T, "master down\u001b[2J",
                List.of("x\ny"), null, AppState.ACTIVE, "app\u001b[1m up", Map.of("n1", NodeState.DOWN), List.of(proposal()),
                null, "op\rx", T, 1, 10, null, "manual", null);
        String status = ControllerRenderer.status(s, "127.0.0.1:8642", T);
        assertNoRawControl("status", status);
        assertThat(status).contains("master down\\x1b[2J", "x\\ny");
    }

    @Test
    void operationsJournalsAndProgressPrintNamesEscaped() {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        Journal journal = new Journal(w, new TransitionLog(dir), "pair1", "db-copy", "root@db1", REASON);
        journal.note(null, "views: " + TABLE);
        journal.print("streams: " + TABLE);
        journal.step("n1", "copy " + TABLE, true, "1 row", 1_000_000);
        journal.refuse("table " + TABLE + " is odd", "rename " + TABLE);
        OperationRunner runner = new OperationRunner(new TransitionLog(dir), w, "pair1", "root@db1", REASON, true);
        try (Operation op = runner.begin("start", "start " + TABLE)) {
            op.note("n1", "note " + TABLE);
            op.skip("n1", "start " + TABLE, "running " + TABLE);
            op.step("n1", "stop " + TABLE, () -> "done");
            op.succeed("done " + TABLE);
        }
        long[] clock = {0};
        Progress progress = new Progress(w, false, () -> clock[0] += 20_000_000_000L);   // 20 s a read: every update shows
        progress.start("copy " + TABLE, 0, 2);
        progress.update(1024, 1, TABLE);
        assertNoRawControl("journal, operation, progress", out.toString());
        assertThat(out.toString()).contains("views: t\\x1b[31mred\\tx", "skipped: running t\\x1b[31mred\\tx",
                "table 1/2 t\\x1b[31mred\\tx");

        List<TransitionEntry> stored = new TransitionLog(dir).read();
        assertThat(stored).isNotEmpty().allSatisfy(e -> assertThat(e.why()).as("the log keeps the text exact")
                .isEqualTo(REASON));
        assertThat(new TransitionLog(dir).read(OperationEntry.class))
                .anySatisfy(e -> assertThat(e.detail()).isEqualTo("views: " + TABLE));
    }
}
