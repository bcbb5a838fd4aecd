package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transition log's lines are a format operators' tools read: every line hactl writes is
 * byte for byte the line it wrote before the entries became types (issue 15), and every stored
 * line reads back and prints ({@code hactl history --json}) exactly as stored.
 */
class TransitionLogFormatTest {

    @TempDir
    Path dir;

    @Test
    void everyLineIsWrittenByteForByteAsTheFlatRecordWroteIt() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        GoldenLog.entries().forEach(log::append);

        assertThat(Files.readString(log.file())).isEqualTo(GoldenLog.resource(GoldenLog.LOG));
    }

    @Test
    void everyStoredLineReadsBackAndPrintsAsStored() throws IOException {
        String golden = GoldenLog.resource(GoldenLog.LOG);
        TransitionLog log = new TransitionLog(dir);
        Files.writeString(log.file(), golden);

        TransitionLog.Contents c = log.readAll();

        assertThat(c.damageNote()).isNull();
        List<String> printed = c.entries().stream().map(TransitionLogFormatTest::json).toList();
        assertThat(printed).containsExactlyElementsOf(golden.lines().toList());
    }

    /**
     * A log of older and newer versions: every line of the flat record's fields reads as the type
     * its event names, the fields that type does not carry ignored (also a future field); a line
     * of an event this hactl does not know is skipped and counted apart from damage, and the
     * readers (history, report, the controller's replay) go on over the rest.
     */
    @Test
    void aLogOfOlderAndNewerVersionsReads_fieldsATypeDoesNotCarryAreIgnored_anUnknownEventIsSkippedAndCounted()
            throws IOException {
        TransitionLog log = new TransitionLog(dir);
        Files.writeString(log.file(), GoldenLog.resource("/io/hactl/log/transitions-older-and-newer.jsonl"));
        int golden = GoldenLog.resource(GoldenLog.LOG).lines().toList().size();

        TransitionLog.Contents c = log.readAll();

        assertThat(c.entries()).hasSize(golden + 4);
        assertThat(c.damagedLines()).isZero();
        assertThat(c.unknownLines()).isEqualTo(2);
        assertThat(c.firstUnknownLine()).isEqualTo(golden + 3);
        assertThat(c.firstSkippedLine()).isEqualTo(golden + 3);
        assertThat(c.damageNote()).isEqualTo("2 lines of an event this hactl does not know skipped (first at line "
                + (golden + 3) + "): a newer hactl wrote them, read them with that version");
        List<TransitionEntry> read = c.entries().subList(golden, golden + 4);
        assertThat(read.get(0)).isEqualTo(new StateEntry(java.time.Instant.parse("2025-03-14T20:00:00Z"), "pair1",
                TransitionEntry.Event.STATE, "STANDALONE", "ACTIVE_SYNCED", "n1 replicating again", null, "controller",
                null));
        assertThat(read.get(1)).isInstanceOfSatisfying(OperationEntry.class, o -> {
            assertThat(o.operationId()).isEqualTo("r1");
            assertThat(o.detail()).isEqualTo("n1 caught up");
        });
        assertThat(read.get(2)).isInstanceOfSatisfying(AlertEntry.class, a -> {
            assertThat(a.channel()).isEqualTo("email");
            assertThat(json(a)).doesNotContain("\"node\"", "operationId", "evidence");
        });
        assertThat(read.get(3)).isInstanceOfSatisfying(ProposalEntry.class, p -> assertThat(p.proposalId())
                .isEqualTo("p-2"));

        assertThat(HistoryText.render(c.entries()).lines()).hasSize(1 + c.entries().size())
                .contains("2025-03-14 20:00:00.000  STATE       STANDALONE -> ACTIVE_SYNCED  n1 replicating again");
        assertThat(IncidentReport.render("pair1", c.entries(), java.time.Instant.parse("2025-03-14T19:00:00Z"),
                java.time.Instant.parse("2025-03-14T21:00:00Z"), java.time.Instant.parse("2025-03-14T21:00:00Z")))
                .contains("STANDALONE → ACTIVE_SYNCED");
        assertThat(LogReplay.scan(c.entries(), java.time.Instant.parse("2025-03-14T21:00:00Z")).lastState())
                .isEqualTo(io.hactl.state.ClusterState.ACTIVE_SYNCED);
    }

    @Test
    void theFirstSkippedLineIsTheFirstDamagedOrUnknownOne() {
        assertThat(new TransitionLog.Contents(List.of(), 0, 0).firstSkippedLine()).isZero();
        assertThat(new TransitionLog.Contents(List.of(), 1, 7, 0, 0).firstSkippedLine()).isEqualTo(7);
        assertThat(new TransitionLog.Contents(List.of(), 0, 0, 1, 9).firstSkippedLine()).isEqualTo(9);
        assertThat(new TransitionLog.Contents(List.of(), 2, 12, 1, 9).firstSkippedLine()).isEqualTo(9);
        assertThat(new TransitionLog.Contents(List.of(), 1, 7, 1, 9).damageNote()).isEqualTo("1 damaged line skipped"
                + " (first at line 7); 1 line of an event this hactl does not know skipped (first at line 9): a newer"
                + " hactl wrote it, read it with that version");
    }

    private static String json(TransitionEntry e) {
        try {
            return TransitionLog.mapper().writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
