package io.hactl.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, "Error messages quote server output whole": quotes are cut, the server's error lines are not. */
class ExcerptTest {

    @Test
    void errorMessagesQuoteServerOutputCappedShortOutputIsQuotedAsItIs() {
        assertThat(Excerpt.of("  tar: x: Cannot open\n  second line\n")).isEqualTo("tar: x: Cannot open\n  second line");
        assertThat(Excerpt.lines(List.of("a", "", " b "), "; ")).isEqualTo("a; b");
    }

    @Test
    void errorMessagesQuoteServerOutputCappedEveryErrorLineStaysWholeTheRestSharesTheLimit() {
        String data = "y".repeat(5000);
        String quoted = Excerpt.lines(List.of(data, "ERROR 1062 (23000) at line 5: Duplicate entry '1' for key 'PRIMARY'",
                data, "mariadb-dump: Error 2013: Lost connection to server during query"), "; ");
        assertThat(quoted).hasSizeLessThan(Excerpt.LIMIT + 200)
                .startsWith("y".repeat(Excerpt.LIMIT) + "... (" + (2 * data.length() - Excerpt.LIMIT) + " characters cut); ")
                .contains("; ERROR 1062 (23000) at line 5: Duplicate entry '1' for key 'PRIMARY'; ")
                .endsWith("; mariadb-dump: Error 2013: Lost connection to server during query");
    }

    @Test
    void errorMessagesQuoteServerOutputCappedACommandsStderrInItsDescriptionIsCutToo() {
        CommandResult r = new CommandResult("n1", "start.sh", 1, "", "z".repeat(20_000), Duration.ZERO);
        assertThat(r.describe()).hasSizeLessThan(Excerpt.LIMIT + 100).contains("(19700 characters cut)");
    }
}
