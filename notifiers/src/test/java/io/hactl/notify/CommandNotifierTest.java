package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandNotifierTest {

    @TempDir
    Path dir;

    @Test
    void theProgramGetsTheAlertJsonOnStdinAndTheEnvironment() throws Exception {
        Path out = dir.resolve("alert.json");
        Path env = dir.resolve("env.txt");
        // the program is run without a shell; this one happens to be a shell, given its script as an argument
        new CommandNotifier(List.of("/bin/sh", "-c", "cat > \"$0\"; echo \"$HACTL_ALERT_SEVERITY $HACTL_ALERT_SUBJECT\" > \"$1\"",
                out.toString(), env.toString()), Duration.ofSeconds(5), Set::of).send(Samples.masterDown());
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertThat(j.get("cluster").asText()).isEqualTo("pair1");
        assertThat(j.at("/proposal/id").asText()).isEqualTo("p-1a2b3c");
        assertThat(Files.readString(env).strip()).isEqualTo("CRITICAL [CRITICAL] pair1: MASTER_DOWN — failover proposed");
    }

    /**
     * Issue 12, "password_env variables are inherited by every child process": the program runs
     * without the variables that hold secrets (here one of the test's own variables, named as one).
     */
    @Test
    void passwordEnvVariablesAreNotInheritedByTheAlertCommand() throws Exception {
        // not one the shell sets itself (PWD, SHLVL...)
        String secret = System.getenv().keySet().stream().filter(k -> k.matches("[A-Z][A-Z0-9_]*")
                && !Set.of("PATH", "PWD", "OLDPWD", "SHLVL").contains(k)).sorted().findFirst().orElseThrow();
        Path env = dir.resolve("env.txt");
        new CommandNotifier(List.of("/bin/sh", "-c", "env > \"$0\"; cat >/dev/null", env.toString()),
                Duration.ofSeconds(5), () -> Set.of(secret, "HACTL_NOT_SET_ANYWAY")).send(Samples.masterDown());
        List<String> lines = Files.readAllLines(env);
        assertThat(lines).as("the program's environment").noneMatch(l -> l.startsWith(secret + "="))
                .anyMatch(l -> l.startsWith("HACTL_ALERT_KIND="))
                .anyMatch(l -> l.startsWith("PATH="));
    }

    @Test
    void aNonZeroExitFailsWithWhatItPrinted() {
        NotifierException e = catchThrowableOfType(() -> new CommandNotifier(
                List.of("/bin/sh", "-c", "cat >/dev/null; echo 'pager API said 503' >&2; exit 3"), Duration.ofSeconds(5), Set::of)
                .send(Samples.masterDown()), NotifierException.class);
        assertThat(e.getMessage()).contains("exit 3", "pager API said 503");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aProgramThatHangsIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        NotifierException e = catchThrowableOfType(() -> new CommandNotifier(
                List.of("/bin/sleep", "30"), Duration.ofMillis(300), Set::of).send(Samples.masterDown()), NotifierException.class);
        assertThat(e.getMessage()).contains("still running after 300 ms, killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMissingProgramSaysSo() {
        NotifierException e = catchThrowableOfType(() -> new CommandNotifier(
                List.of(dir.resolve("nope").toString()), Duration.ofSeconds(1), Set::of).send(Samples.masterDown()),
                NotifierException.class);
        assertThat(e.getMessage()).contains("cannot start", "check the path");
        assertThat(e.retryable()).isFalse();
    }
}
