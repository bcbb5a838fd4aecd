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

    private static String json(TransitionEntry e) {
        try {
            return TransitionLog.mapper().writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
