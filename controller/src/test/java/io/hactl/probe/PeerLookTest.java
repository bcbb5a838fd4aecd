package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.PeerView;
import io.hactl.node.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The other node's look at a node the controller gets nothing from: one short script, its answer read. */
class PeerLookTest {

    @Test
    void theLookPingsOnceAndTriesEachPortWithBashDevTcpWithinOneSecondEachInParallel() {
        String s = PeerLook.script("198.51.100.11", 22, List.of(3306, 9090, 8080));
        assertThat(s).contains("A='198.51.100.11'", "ping -n -q -c 1 -W 1 -- \"$A\"",
                "timeout 1 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$A\" \"$p\"", "for p in 22 3306 9090 8080; do",
                "& done", "wait");
    }

    @Test
    void aLookWhereNothingAnswersConfirmsTheNodeLost() {
        CommandResult r = new CommandResult("n2", "sh -s", 0,
                "@@PORT 3306 0\n@@PING 0\n@@PORT 22 0\n@@PORT 8080 0\n@@PORT 9090 0\n", "", Duration.ofMillis(1100));
        PeerView v = PeerLook.parse("n2", r, 22, List.of(3306, 9090, 8080));
        assertThat(v).isEqualTo(new PeerView("n2", false, false, Map.of(3306, false, 9090, false, 8080, false), null));
        assertThat(v.confirmsLost()).isTrue();
        assertThat(v.words()).isEqualTo("from n2: no ping, ssh port closed, port 3306 closed, port 9090 closed,"
                + " port 8080 closed");
    }

    @Test
    void aLookWhereOnePortAnswersDoesNotConfirmTheNodeLost() {
        CommandResult r = new CommandResult("n2", "sh -s", 0,
                "@@PING 0\n@@PORT 22 0\n@@PORT 3306 1\n@@PORT 8080 0\n", "", Duration.ofMillis(900));
        PeerView v = PeerLook.parse("n2", r, 22, List.of(3306, 8080));
        assertThat(v.ports()).containsEntry(3306, true);
        assertThat(v.confirmsLost()).isFalse();
    }

    @Test
    void aLookThatCouldNotRunOrGaveNoAnswerForAPortSaysWhyAndConfirmsNothing() {
        PeerView failed = PeerLook.parse("n2", new CommandResult("n2", "sh -s", -1, "", "timed out after 2000 ms",
                Duration.ofSeconds(2)), 22, List.of(3306));
        assertThat(failed.error()).isEqualTo("n2's shell: timed out after 2000 ms");
        assertThat(failed.confirmsLost()).isFalse();
        PeerView partial = PeerLook.parse("n2", new CommandResult("n2", "sh -s", 0, "@@PING 0\n@@PORT 22 0\n", "",
                Duration.ofSeconds(1)), 22, List.of(3306));
        assertThat(partial.error()).isEqualTo("no answer for port 3306");
        PeerView noBash = PeerLook.parse("n2", new CommandResult("n2", "sh -s", 0,
                "@@ERROR bash is not installed on n2: the TCP checks need it\n", "", Duration.ofSeconds(1)), 22, List.of());
        assertThat(noBash.error()).isEqualTo("bash is not installed on n2: the TCP checks need it");
    }

    @Test
    void aLogTailIsCutToItsLastFiveLinesOfAtMost300CharactersAndPasswordsMasked() {
        String longLine = "x".repeat(400);
        List<String> lines = LogTail.clean(List.of("one", "two", "three", "four", "five", "six: password=s3cr3t rest",
                longLine), List.of());
        assertThat(lines).hasSize(5).startsWith("three", "four", "five");
        assertThat(lines.get(3)).isEqualTo("six: password=***** rest");
        assertThat(lines.get(4)).hasSize(300 + " ... (100 characters cut)".length()).endsWith("... (100 characters cut)");
        assertThat(LogTail.clean(List.of("login as app with Ab9!zz failed", "token: abc123"), List.of("Ab9!zz")))
                .containsExactly("login as app with ***** failed", "token: *****");
    }
}
