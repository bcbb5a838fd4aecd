package io.hactl.log;

import static io.hactl.log.IncidentLog.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Events;
import io.hactl.model.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident report of a realistic incident, written through a real transition log and read back. */
class IncidentReportTest {

    @TempDir
    Path dir;

    private String report(String from, String to) {
        List<TransitionEntry> read = IncidentLog.write(dir).read();
        assertThat(read).hasSize(IncidentLog.entries().size());
        return IncidentReport.render("pair1", read, at(from), at(to), at("20:00:00"));
    }

    private static String line(String md, String startsWith) {
        return md.lines().filter(l -> l.startsWith(startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with " + startsWith + " in\n" + md));
    }

    @Test
    void theSummaryHasTheStatesTheWorstTheTimeInEachTheProposalsTheOperationDataLossAndAlerts() {
        String md = report("19:00:00", "19:40:00");

        assertThat(md).startsWith("# Incident report: pair1, 2025-03-14 19:00:00 to 2025-03-14 19:40:00 UTC\n\n"
                + "From the transition log: 26 lines, 2025-03-14 19:00:00 to 2025-03-14 19:27:00 UTC.\n");
        assertThat(line(md, "- **States passed through**")).isEqualTo("- **States passed through**: STARTING →"
                + " ACTIVE_SYNCED → MASTER_UNREACHABLE → MASTER_DOWN → FAILOVER_PROPOSED → SWITCHING → STANDALONE");
        assertThat(line(md, "- **Worst state**")).isEqualTo("- **Worst state**: MASTER_DOWN (critical), reached at"
                + " 19:02:04.130");
        // 19:00:00-19:00:01, 19:00:01-19:02:03.120, ..., 19:04:11.200 until the end of the window 19:40:00
        assertThat(line(md, "- **Time in each state**")).isEqualTo("- **Time in each state**: STARTING 1.0 s,"
                + " ACTIVE_SYNCED 2m 02s, MASTER_UNREACHABLE 1.0 s, MASTER_DOWN 20 ms, FAILOVER_PROPOSED 2m 05s,"
                + " SWITCHING 1.1 s, STANDALONE 35m 48s (the last one until the end of the window)");
        assertThat(line(md, "- **Proposals**")).isEqualTo("- **Proposals**: 3 made, 1 acknowledged, 1 rejected,"
                + " 1 expired");
        assertThat(line(md, "- **Operations**")).isEqualTo("- **Operations**: failover a1b2c3d4 by alice: ok in 1.1 s");
        assertThat(line(md, "- **Data loss**")).isEqualTo("- **Data loss**: n2 may lack 3 transactions (the"
                + " acknowledged failover proposal p-3f9a1c); \"n2 applied up to 0-1-1042, n1 was last seen at"
                + " 0-1-1045: 3 transactions may be lost\" (failover a1b2c3d4 on n2)");
        assertThat(line(md, "- **Alerts**")).isEqualTo("- **Alerts**: 2 sent, 1 failed");
    }

    @Test
    void theTimelineIsInOrderWithTheTimeSinceTheFirstLineAndEachStepWithItsDuration() {
        String md = report("19:00:00", "19:40:00");
        List<String> rows = md.lines().dropWhile(l -> !l.equals("## Timeline")).skip(4)
                .takeWhile(l -> l.startsWith("|")).toList();
        // 26 lines, of which 3 step-starts are folded into their step-end
        assertThat(rows).hasSize(23);
        assertThat(rows.get(0)).isEqualTo("| 19:00:00.000 | +0:00:00.000 | CONTROLLER START | controller started"
                + " watching pair1 every 1s | controller |");
        assertThat(rows).contains(
                "| 19:02:04.130 | +0:02:04.130 | STATE | MASTER_UNREACHABLE -> MASTER_DOWN  master n1 down: no answer"
                        + " for 1s and replica n2 lost it | controller |",
                "| 19:02:04.140 | +0:02:04.140 | PROPOSAL | p-3f9a1c failover n2: promote n2 to master; fence n1;"
                        + " risk: n2 may lack 3 transactions; expires 19:17:04 UTC | controller |",
                "| 19:02:04.800 | +0:02:04.800 | ALERT FAILED | [teams] -> FAILOVER_PROPOSED: master n1 down: failover"
                        + " proposed (hactl ack p-3f9a1c); HTTP 503 after 3 tries | controller |",
                "| 19:04:10.000 | +0:04:10.000 | ACK | p-3f9a1c failover n2 by alice \"n1's disk is dead\" ->"
                        + " operation a1b2c3d4 | alice |",
                "| 19:04:10.150 | +0:04:10.150 | STEP END | n2 stop replication: ok in 120 ms | alice |",
                "| 19:04:10.900 | +0:04:10.900 | STEP END | n2 move the DB VIP to n2: ok in 640 ms (arping: only n2"
                        + " answers) | alice |",
                "| 19:04:11.110 | +0:04:11.110 | OPERATION END | failover a1b2c3d4: ok in 1.1 s — n2 is master | alice |",
                "| 19:11:00.000 | +0:11:00.000 | REJECT | p-5e6f7a rejoin n1 by bob \"n1 needs a new disk first\" | bob |");
        assertThat(rows).noneMatch(r -> r.contains("STEP START"));
        assertThat(rows).extracting(r -> r.substring(2, 14)).isSorted();
    }

    @Test
    void whatWasSeenWhoDecidedAndTheStepsOfTheOperationFollowInThatOrder() {
        String md = report("19:00:00", "19:40:00");
        assertThat(md.indexOf("## Summary")).isLessThan(md.indexOf("## Timeline"));
        assertThat(md.indexOf("## Timeline")).isLessThan(md.indexOf("## What was seen"));
        assertThat(md.indexOf("## What was seen")).isLessThan(md.indexOf("## What was proposed"));
        assertThat(md.indexOf("## What was proposed")).isLessThan(md.indexOf("## Who decided"));
        assertThat(md.indexOf("## Who decided")).isLessThan(md.indexOf("## Operations"));

        assertThat(md).contains("- **19:02:04.130** MASTER_UNREACHABLE -> MASTER_DOWN: master n1 down: no answer for 1s"
                + " and replica n2 lost it\n  - n1 SQL: connection refused since 19:02:03.120\n  - n2 IO thread: not"
                + " connected since 19:02:03.900\n");
        assertThat(md).contains("- **p-3f9a1c** at 19:02:04.140: failover n2 — promote n2 to master; fence n1\n"
                + "  - why: master n1 down for 1s and replica n2 confirms\n  - risk: n2 may lack 3 transactions\n");
        assertThat(md).contains("  - outcome: acknowledged\n", "  - outcome: rejected\n", "  - outcome: expired\n");

        // 19:02:04.140 -> 19:04:10 is 2m 05.86s; 19:10 -> 19:11; 19:12 -> 19:27
        assertThat(md).contains(
                "| p-3f9a1c failover n2 | acknowledged | alice | 19:04:10.000 | 2m 05s | n1's disk is dead |",
                "| p-5e6f7a rejoin n1 | rejected | bob | 19:11:00.000 | 1m 00s | n1 needs a new disk first |",
                "| p-9c0d1e resync n1 | expired (nobody decided) | — | 19:27:00.000 | 15m 00s | — |");

        assertThat(md).contains("### failover a1b2c3d4\n\nStarted 19:04:10.010 by alice (why: ack p-3f9a1c: n1's disk"
                + " is dead); ended 19:04:11.110: ok in 1.1 s — n2 is master.\n");
        List<String> steps = md.lines().dropWhile(l -> !l.equals("### failover a1b2c3d4")).dropWhile(
                l -> !l.startsWith("| # |")).skip(2).takeWhile(l -> l.startsWith("|")).toList();
        assertThat(steps).containsExactly(
                "| 1 | n1 | fence n1 (read_only, VIP detached) | skipped | 0 ms | n1 unreachable |",
                "| 2 | n2 | stop replication | ok | 120 ms |  |",
                "| 3 | n2 | make n2 writable | ok | 80 ms | read_only=OFF |",
                "| 4 | n2 | move the DB VIP to n2 | ok | 640 ms | arping: only n2 answers |");
    }

    @Test
    void onlyTheLinesOfTheWindowCount() {
        String md = report("19:04:00", "19:05:00");
        assertThat(line(md, "- **States passed through**")).isEqualTo("- **States passed through**: FAILOVER_PROPOSED"
                + " → SWITCHING → STANDALONE");
        assertThat(line(md, "- **Worst state**")).isEqualTo("- **Worst state**: SWITCHING (warning), reached at"
                + " 19:04:10.005");
        // the first state counts from the window's first line (the ack at 19:04:10)
        assertThat(line(md, "- **Time in each state**")).isEqualTo("- **Time in each state**: FAILOVER_PROPOSED 5 ms,"
                + " SWITCHING 1.1 s, STANDALONE 48.8 s (the last one until the end of the window)");
        assertThat(line(md, "- **Proposals**")).isEqualTo("- **Proposals**: 0 made, 1 acknowledged, 0 rejected,"
                + " 0 expired");
        assertThat(line(md, "- **Alerts**")).isEqualTo("- **Alerts**: 1 sent, 0 failed");
        // the proposal was made before the window: its own createdAt gives the delay
        assertThat(md).contains("| p-3f9a1c failover n2 | acknowledged | alice | 19:04:10.000 | 2m 05s |");
        assertThat(md).doesNotContain("p-5e6f7a", "## What was proposed");
    }

    @Test
    void anOperationWithoutItsEndSaysSo() {
        List<TransitionEntry> cut = new ArrayList<>(IncidentLog.entries().subList(0, 16));   // up to "make n2 writable" start
        assertThat(cut.get(15).event()).isEqualTo(Events.STEP_START);
        String md = IncidentReport.render("pair1", cut, at("19:00:00"), at("19:40:00"), at("19:05:00"));
        assertThat(line(md, "- **Operations**")).isEqualTo("- **Operations**: failover a1b2c3d4 (no end in this window)");
        assertThat(md).contains("| 19:04:10.170 | +0:04:10.170 | STEP START | n2 make n2 writable started; no end"
                + " recorded | alice |");
        assertThat(md).contains("no end recorded in this window.", "| 3 | n2 | make n2 writable | no end recorded | — |  |");
        // the window reaches past now: the last state counts until now
        assertThat(line(md, "- **Time in each state**")).endsWith("SWITCHING 49.9 s (the last one until now)");
    }

    @Test
    void anEmptyWindowSaysSoAndCellsAreEscaped() {
        assertThat(IncidentReport.render("pair1", IncidentLog.entries(), at("21:00:00"), at("22:00:00"), at("23:00:00")))
                .isEqualTo("# Incident report: pair1, 2025-03-14 21:00:00 to 2025-03-14 22:00:00 UTC\n\n"
                        + "Nothing was recorded in the transition log in this window.\n");
        TransitionEntry odd = new TransitionEntry(at("19:00:00"), "pair1", Events.NOTE, "stop", "x1", null, "n1", null,
                "a | b\nc", "root@h", null, null);
        assertThat(IncidentReport.render("pair1", List.of(odd), at("19:00:00"), at("19:01:00"), at("19:01:00")))
                .contains("| n1: a \\| b\\\\nc |");   // Markdown: \\n shows \n (issue 12: control characters visible)
    }

    @Test
    void anAcknowledgedNodeFailoverIsCountedInTheDataLossAsAFailoverIs() {
        io.hactl.state.Proposal f = IncidentLog.failover();
        io.hactl.state.Proposal nf = new io.hactl.state.Proposal("p-4d5e6f", io.hactl.state.Proposal.Kind.NODE_FAILOVER,
                "n2", "n1", "promote n2; move the application to n2", "n1 lost", List.of(), "n2 is 0 transactions behind",
                f.createdAt(), f.expiresAt(), null, io.hactl.state.Proposal.Status.ACKNOWLEDGED, "alice", at("19:01:00"),
                "n1 is gone");
        TransitionEntry ack = TransitionEntry.proposal(at("19:01:00"), "pair1", Events.ACK, nf, null, "alice", "n1 is gone");
        String md = IncidentReport.render("pair1", List.of(ack), at("19:00:00"), at("19:02:00"), at("19:02:00"));
        assertThat(line(md, "- **Data loss**")).isEqualTo("- **Data loss**: n2 is 0 transactions behind (the"
                + " acknowledged node failover proposal p-4d5e6f)");
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertThat(DurationText.human(Duration.ofMillis(80))).isEqualTo("80 ms");
        assertThat(DurationText.human(Duration.ofMillis(1100))).isEqualTo("1.1 s");
        assertThat(DurationText.human(Duration.ofSeconds(126))).isEqualTo("2m 06s");
        assertThat(DurationText.human(Duration.ofMinutes(62))).isEqualTo("1h 02m");
        assertThat(IncidentReport.elapsed(Duration.ofMillis(3_723_004))).isEqualTo("1:02:03.004");
    }
}
