package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's half of fencing, run with /bin/sh in a temp directory standing for the node's state directory. */
class NodeEpochGuardTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private Path state() {
        return dir.resolve("state");
    }

    private NodeEpochGuard guard() throws IOException {
        Files.createDirectories(state());
        return new NodeEpochGuard(state().toString(), "n1");
    }

    private void seen(String content) throws IOException {
        Files.createDirectories(state());
        Files.writeString(state().resolve("epoch"), content);
    }

    private String epochFile() throws IOException {
        return Files.readString(state().resolve("epoch")).strip();
    }

    @Test
    void aStepWithTheEpochTheNodeHasSeenRuns() throws Exception {
        seen("7\n");

        Run r = run(guard().wrap(7, "echo ran"));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
        assertThat(r.err()).isEmpty();
        assertThat(epochFile()).isEqualTo("7");
    }

    @Test
    void aStepOfAnOlderEpochIsRefusedWithExit75NamingBothAndChangesNothing() throws Exception {
        seen("8\n");

        Run r = run(guard().wrap(7, "touch changed"));

        assertThat(r.exit()).isEqualTo(NodeEpochGuard.REFUSED_EXIT);
        assertThat(r.err().lines()).singleElement().asString()
                .isEqualTo("hactl: refused on n1: this node has seen epoch 8, the step carries epoch 7: "
                        + "a newer leader exists; nothing changed");
        assertThat(dir.resolve("changed")).doesNotExist();
        assertThat(epochFile()).isEqualTo("8");
    }

    @Test
    void aStepOfANewerEpochRaisesTheNodesEpochBeforeTheCommandRuns() throws Exception {
        seen("6\n");

        Run r = run(guard().wrap(7, "cat state/epoch"));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("7\n");
    }

    @Test
    void aNodeThatNeverSawAnEpochRecordsTheFirstOne() throws Exception {
        Run r = run(new NodeEpochGuard(state().toString(), "n1").wrap(3, "echo ran"));

        assertThat(r.exit()).isZero();
        assertThat(epochFile()).isEqualTo("3");
    }

    @Test
    void anEpochFileThatIsNotANumberRefusesTheStepNamingTheFileAndTheFix() throws Exception {
        seen("garbage\n");

        Run r = run(guard().wrap(7, "touch changed"));

        assertThat(r.exit()).isEqualTo(NodeEpochGuard.REFUSED_EXIT);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("hactl: refused on n1: " + state().resolve("epoch") + " holds 'garbage', not an epoch")
                .contains("hactl status");
        assertThat(dir.resolve("changed")).doesNotExist();
    }

    @Test
    void theCommandsOwnExitCodeIsKept() throws Exception {
        seen("7\n");

        assertThat(run(guard().wrap(7, "exit 3")).exit()).isEqualTo(3);
    }

    @Test
    void aStateDirectoryWithSpacesAndQuotesIsQuoted() throws Exception {
        Path odd = dir.resolve("st ate's $(touch pwned) \"dir\"");
        Files.createDirectories(odd);

        Run r = run(new NodeEpochGuard(odd.toString(), "n1").wrap(5, "echo ran"));

        assertThat(r.exit()).isZero();
        assertThat(Files.readString(odd.resolve("epoch")).strip()).isEqualTo("5");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void twoConcurrentWritersNeverLowerTheEpochNorLeaveAHalfWrittenFile() throws Exception {
        NodeEpochGuard g = guard();
        // writer 0 carries the even epochs 2..120, writer 1 the odd ones 1..119, at the same time; each step
        // that passes the guard appends its epoch and what the epoch file holds right after
        Process[] writers = new Process[2];
        for (int w = 0; w < 2; w++) {
            StringBuilder script = new StringBuilder();
            for (int e = 2 - w; e <= 120 - w; e += 2) {
                script.append("( ").append(g.wrap(e, "echo " + e + " $(cat state/epoch) >> ran-" + w))
                        .append(" ) 2>/dev/null\n");
            }
            Path file = Files.writeString(dir.resolve("writer-" + w + ".sh"), script);
            writers[w] = new ProcessBuilder("/bin/sh", file.toString()).directory(dir.toFile()).start();
        }
        for (Process p : writers) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(epochFile()).isEqualTo("120");
        try (Stream<Path> files = Files.list(state())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("epoch", "epoch.lock");
        }
        for (int w = 0; w < 2; w++) {
            List<long[]> ran = Files.readAllLines(dir.resolve("ran-" + w)).stream()
                    .map(l -> Stream.of(l.split(" ")).mapToLong(Long::parseLong).toArray()).toList();
            assertThat(ran).isNotEmpty().allSatisfy(r -> assertThat(r[1])
                    .as("the epoch file after a step of epoch %d passed", r[0]).isGreaterThanOrEqualTo(r[0]));
        }
        assertThat(Files.readAllLines(dir.resolve("ran-0"))).last().asString().startsWith("120 ");
    }
}
