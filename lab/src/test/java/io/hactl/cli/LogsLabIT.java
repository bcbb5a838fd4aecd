package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.check.ReportJson;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `hactl logs` against the lab: the lab's log files are on this machine, so what it prints is compared with them. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class LogsLabIT {

    static final String TAIL_PATTERN = "tail -n .* -F .*catalina.out";

    @TempDir
    Path tmp;

    @BeforeEach
    void healthy(Lab lab) {
        lab.heal();
    }

    static CheckLabIT.Run logs(Lab lab, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "logs";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = lab.config().toString();
        return CheckLabIT.hactl(all);
    }

    static List<String> lastLines(Path file, int n) throws Exception {
        List<String> l = Files.readAllLines(file, StandardCharsets.UTF_8);
        return l.subList(Math.max(0, l.size() - n), l.size());
    }

    @Test
    void tomcatOnN1PrintsTheLastLinesOfCatalinaOut(Lab lab) throws Exception {
        Path file = lab.dir().resolve("n1/tomcat/logs/catalina.out");
        CheckLabIT.Run r = logs(lab, "tomcat", "--node", "n1", "-n", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> printed = r.out().lines().toList();
        assertThat(printed).hasSize(Math.min(20, Files.readAllLines(file).size())).isEqualTo(lastLines(file, printed.size()));
    }

    @Test
    void withoutNodeAServiceIsReadOnTheAppVipHolderAndMysqlOnTheMaster(Lab lab) throws Exception {
        CheckLabIT.Run r = logs(lab, "tomcat", "-n", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).isEqualTo(lastLines(lab.dir().resolve("n1/tomcat/logs/catalina.out"), 3));
        CheckLabIT.Run m = logs(lab, "mysql", "-n", "1");
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(Files.readAllLines(lab.dir().resolve("n1/mysql/error.log"))).contains(m.out().strip());
    }

    @Test
    void mysqlOnN1PrintsFiveLinesOfItsErrorLog(Lab lab) throws Exception {
        CheckLabIT.Run r = logs(lab, "mysql", "--node", "n1", "-n", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> file = Files.readAllLines(lab.dir().resolve("n1/mysql/error.log"));
        assertThat(r.out().lines().toList()).hasSize(5).allSatisfy(l -> assertThat(file).contains(l));
    }

    @Test
    void listShowsBothNodesAndTheFilesThatExist(Lab lab) throws Exception {
        CheckLabIT.Run r = logs(lab, "--list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("node n1 (198.51.100.11)", "node n2 (198.51.100.12)");
        assertThat(r.out()).containsPattern("tomcat +/var/lib/hactl-lab/n1/tomcat/logs/catalina.out +yes +\\d+ +\\d{4}-");
        assertThat(r.out()).containsPattern("mysql +/var/lib/hactl-lab/n2/mysql/error.log +yes +\\d+");
        JsonNode j = ReportJson.mapper().readTree(logs(lab, "--list", "--json").out());
        assertThat(j.at("/nodes")).hasSize(2);
        for (JsonNode log : j.at("/nodes/0/logs")) {
            Path f = Path.of(log.get("file").asText());
            assertThat(log.get("exists").asBoolean()).as(f.toString()).isTrue();
            assertThat(log.get("size").asLong()).as(f.toString()).isEqualTo(Files.size(f));
        }
        assertThat(j.at("/nodes/0/logs").findValuesAsText("service")).containsExactly("backend", "tomcat", "mysql");
        assertThat(j.at("/nodes/1/logs/2/exists").asBoolean()).isTrue();
    }

    @Test
    void aMissingFileIsAnErrorNamingTheKeyAndFile(Lab lab) throws Exception {
        Path cfg = tmp.resolve("hactl.yml");
        Files.writeString(cfg, Files.readString(lab.config()).replace("logs/catalina.out", "logs/no-such.out"));
        Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CheckLabIT.Run r = CheckLabIT.hactl("logs", "tomcat", "--node", "n1", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("/var/lib/hactl-lab/n1/tomcat/logs/no-such.out does not exist on n1",
                "services[1].log of tomcat");
    }

    @Test
    void followPrintsNewLinesAndEndsCleanlyOnCtrlC(Lab lab) throws Exception {
        follow(lab, "INT");
    }

    @Test
    void followEndsCleanlyOnSigterm(Lab lab) throws Exception {
        follow(lab, "TERM");
    }

    /**
     * {@code hactl logs -f} until SIGNAL (INT: what Ctrl-C sends the foreground process; the
     * process is started with SIGINT at its default, as a terminal's is: a background job
     * of a script, like this test under CI, starts with it ignored).
     */
    private void follow(Lab lab, String signal) throws Exception {
        Path hactl = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/hactl");
        Path file = lab.dir().resolve("n1/tomcat/logs/catalina.out");
        Path out = tmp.resolve("follow.out");
        Path err = tmp.resolve("follow.err");
        assertThat(pgrepTail()).as("a tail left by someone else").isEmpty();
        Process p = new ProcessBuilder("env", "--default-signal=INT", hactl.toString(), "logs", "tomcat", "--node", "n1",
                "-n", "0", "-f", "--config", lab.config().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> !pgrepTail().isEmpty());
            // tail is seen by pgrep as soon as it is exec'd, before it has opened the file and gone to
            // its end: a line appended in that window counts as old (-n 0) and is never printed. So a
            // fresh line is appended on each poll until one is printed; the first printed must be whole.
            String run = "hactl LogsLabIT " + UUID.randomUUID() + " #";
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                if (Files.readString(out).contains(run)) {
                    return true;
                }
                Files.writeString(file, run + n.incrementAndGet() + "\n", StandardOpenOption.APPEND);
                return false;
            });
            assertThat(Files.readString(out).lines().filter(l -> l.contains(run)).findFirst().orElseThrow())
                    .matches(java.util.regex.Pattern.quote(run) + "\\d+");
            long t0 = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("hactl logs -f ended within 5 s of SIG" + signal).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            assertThat(Files.readString(err)).contains("logs: stopped following " + file + " on n1");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> pgrepTail().isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        } finally {
            p.destroyForcibly();
        }
    }

    static String pgrepTail() throws Exception {
        Process g = new ProcessBuilder("pgrep", "-af", TAIL_PATTERN).redirectErrorStream(true).start();
        String s = new String(g.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        g.waitFor(5, TimeUnit.SECONDS);
        return s.lines().filter(l -> !l.contains("pgrep")).reduce("", (a, b) -> a + b + "\n").strip();
    }
}
