package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 7, "The transition log must survive damage": a byte that is not UTF-8, a line
 * that is not an entry, a last line torn by a crash: every other entry still reads, the bad
 * lines are counted with the first one's number, and the next append starts on a line of its own.
 */
class TransitionLogDamageTest {

    @TempDir
    Path dir;

    private static TransitionEntry note(String sentence) {
        return StateEntry.of(Instant.parse("2026-12-01T19:02:03Z"), "pair1", Event.DIAGNOSIS, null, null,
                sentence, null, "alice", null);
    }

    private static String sentence(TransitionEntry e) {
        return ((StateEntry) e).sentence();
    }

    private static void appendRaw(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                b.write(i);
            } else {
                b.writeBytes(p.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }

    @Test
    @DisplayName("The transition log must survive damage: a 0xFF byte does not stop the reading")
    void theTransitionLogMustSurviveDamage_aNonUtf8ByteIsSkippedAndCounted() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(note("first"));
        log.append(note("second"));
        appendRaw(log.file(), bytes(0xFF, 0xFE, "garbage from a bad disk block", 0xFF, "\n"));     // line 3
        appendRaw(log.file(), bytes("{\"time\":\"2026-12-01T19:02:04Z\",\"event\":\"diagnosis\",\"sentence\":\"caf",
                0xE9, "\"}\n"));                                                                   // line 4: Latin-1
        log.append(note("third"));

        TransitionLog.Contents c = log.readAll();

        assertThat(c.entries()).extracting(TransitionLogDamageTest::sentence)
                .containsExactly("first", "second", "caf\uFFFD", "third");
        assertThat(c.damagedLines()).isEqualTo(1);
        assertThat(c.firstDamagedLine()).isEqualTo(3);
        assertThat(c.damageNote()).isEqualTo("1 damaged line skipped (first at line 3)");
        assertThat(log.read()).hasSize(4);
    }

    @Test
    @DisplayName("The transition log must survive damage: lines that are not entries are counted, blank ones ignored")
    void theTransitionLogMustSurviveDamage_linesThatAreNotEntriesAreCounted() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(note("first"));
        appendRaw(log.file(), bytes("\n", "[1, 2]\n", "{\"event\":\"note\"}\n", "not json\n"));   // lines 2-5

        TransitionLog.Contents c = log.readAll();

        assertThat(c.entries()).extracting(TransitionLogDamageTest::sentence).containsExactly("first");
        assertThat(c.damageNote()).isEqualTo("3 damaged lines skipped (first at line 3)");
    }

    @Test
    @DisplayName("The transition log must survive damage: a torn last line does not swallow the next entry")
    void theTransitionLogMustSurviveDamage_aTornLastLineDoesNotSwallowTheNextEntry() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(note("first"));
        log.append(note("second"));
        appendRaw(log.file(), bytes("{\"time\":\"2026-12-01T19:0"));       // a crash mid-write: no '\n'

        log.append(note("after the crash"));

        TransitionLog.Contents c = log.readAll();
        assertThat(c.entries()).extracting(TransitionLogDamageTest::sentence).containsExactly("first", "second",
                "after the crash");
        assertThat(c.damageNote()).isEqualTo("1 damaged line skipped (first at line 3)");
        assertThat(Files.readString(log.file())).endsWith("\n").contains("19:0\n{");
    }

    @Test
    @DisplayName("The transition log must survive damage: an intact log reports no damage")
    void theTransitionLogMustSurviveDamage_anIntactLogHasNoDamage() {
        TransitionLog log = new TransitionLog(dir);
        assertThat(log.readAll().damageNote()).isNull();
        log.append(note("first"));

        TransitionLog.Contents c = log.readAll();

        assertThat(c.damagedLines()).isZero();
        assertThat(c.damageNote()).isNull();
        assertThat(c.entries()).hasSize(1);
    }
}
