package io.hactl.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.ServiceConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.logs.LogFiles.FileState;
import io.hactl.logs.LogFiles.LogProblem;
import io.hactl.logs.LogFiles.LogSource;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    static final SshConfig SSH = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10));
    static final NodeConfig N1 = new NodeConfig("n1", "198.51.100.11", "eth0", SSH);
    static final NodeConfig N2 = new NodeConfig("n2", "198.51.100.12", "eth0", SSH);

    static HactlConfig config(String errorLog) {
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1", List.of(N1, N2),
                new VipConfig("198.51.100.89", 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "agi", "agi", Secret.NONE, "repl", Secret.NONE, Duration.ofSeconds(1),
                        Duration.ofSeconds(2), errorLog),
                List.of(service("backend", null),
                        service("tomcat", "/srv/{node}/tomcat/logs/catalina.out")),
                new ProbeConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(300)),
                BackupConfig.defaults(), Path.of("/var/lib/hactl"));
    }

    static ServiceConfig service(String name, String log) {
        return new ServiceConfig(name, "start", "stop", name, null, Duration.ofSeconds(60), Duration.ofSeconds(60), log, null);
    }

    @Test
    void aServiceLogIsItsConfiguredFileWithTheNodeReplaced() throws Exception {
        LogSource s = LogFiles.source(config(null), "tomcat");
        assertThat(s.configKey()).isEqualTo("services[1].log");
        assertThat(s.fileOn(N2)).isEqualTo("/srv/n2/tomcat/logs/catalina.out");
        assertThat(s.isDatabase()).isFalse();
    }

    @Test
    void mysqlIsTheDatabaseErrorLog() throws Exception {
        LogSource s = LogFiles.source(config("/var/log/{node}/mysql/error.log"), "mysql");
        assertThat(s.configKey()).isEqualTo("database.error_log");
        assertThat(s.fileOn(N1)).isEqualTo("/var/log/n1/mysql/error.log");
    }

    @Test
    void aMissingLogKeyIsRefusedNamingTheKeyToAdd() {
        assertThatThrownBy(() -> LogFiles.source(config(null), "backend"))
                .isInstanceOf(LogProblem.class).hasMessageContaining("services[0].log")
                .satisfies(e -> assertThat(((LogProblem) e).exit()).isEqualTo(3));
        assertThatThrownBy(() -> LogFiles.source(config(" "), "mysql"))
                .isInstanceOf(LogProblem.class).hasMessageContaining("database.error_log");
        assertThatThrownBy(() -> LogFiles.source(config(null), "jboss"))
                .isInstanceOf(LogProblem.class).hasMessageContaining("backend, tomcat, mysql");
    }

    @Test
    void allListsOnlyConfiguredLogsServicesThenMysql() {
        assertThat(LogFiles.all(config("/e.log")).stream().map(LogSource::name)).containsExactly("tomcat", "mysql");
        assertThat(LogFiles.all(config(null)).stream().map(LogSource::name)).containsExactly("tomcat");
    }

    @Test
    void theDefaultNodeIsTheHolderOfTheRightVip() throws Exception {
        HactlConfig cfg = config("/e.log");
        // n1 holds the app VIP, n2 the DB VIP (after a db-master-set only)
        Set<String> held = Set.of("n1:198.51.100.88", "n2:198.51.100.89");
        java.util.function.Function<LogSource, java.util.function.Predicate<NodeConfig>> holds =
                s -> n -> held.contains(n.name() + ":" + LogFiles.vipFor(cfg, s).address());
        LogSource tomcat = LogFiles.source(cfg, "tomcat");
        LogSource mysql = LogFiles.source(cfg, "mysql");
        assertThat(LogFiles.node(cfg, tomcat, null, holds.apply(tomcat)).name()).isEqualTo("n1");
        assertThat(LogFiles.node(cfg, mysql, null, holds.apply(mysql)).name()).isEqualTo("n2");
        assertThat(LogFiles.node(cfg, mysql, "n1", n -> { throw new AssertionError("not asked with --node"); }).name())
                .isEqualTo("n1");
    }

    @Test
    void noHolderOrTwoHoldersAsksForTheNode() throws Exception {
        HactlConfig cfg = config(null);
        LogSource tomcat = LogFiles.source(cfg, "tomcat");
        assertThatThrownBy(() -> LogFiles.node(cfg, tomcat, null, n -> false))
                .isInstanceOf(LogProblem.class).hasMessageContaining("no node holds it")
                .hasMessageContaining("--node n1|n2").satisfies(e -> assertThat(((LogProblem) e).exit()).isEqualTo(2));
        assertThatThrownBy(() -> LogFiles.node(cfg, tomcat, null, n -> true))
                .isInstanceOf(LogProblem.class).hasMessageContaining("both nodes hold it");
        assertThatThrownBy(() -> LogFiles.node(cfg, tomcat, "n3", n -> true))
                .isInstanceOf(LogProblem.class).hasMessageContaining("no node named 'n3'").hasMessageContaining("n1, n2");
    }

    @Test
    void tailCommandQuotesTheFile() {
        assertThat(LogFiles.tailCommand("/a b/it's.log", 20, false))
                .isEqualTo("[ -e '/a b/it'\\''s.log' ] || exit 44; exec tail -n 20 -- '/a b/it'\\''s.log'");
        assertThat(LogFiles.tailCommand("/x.log", 5, true)).endsWith("exec tail -n 5 -F -- '/x.log'");
        assertThatThrownBy(() -> LogFiles.tailCommand("/x", -1, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tailCommandRunsInAShellOnAnAwkwardName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("it's $HOME `x`.log");
        Files.writeString(f, "one\ntwo\nthree\n");
        Sh r = sh(LogFiles.tailCommand(f.toString(), 2, false));
        assertThat(r.exit).isZero();
        assertThat(r.out).isEqualTo("two\nthree\n");
        assertThat(sh(LogFiles.tailCommand(dir.resolve("gone.log").toString(), 2, false)).exit).isEqualTo(LogFiles.MISSING_EXIT);
    }

    @Test
    void statCommandAndItsParsing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a 'b'.log");
        Files.writeString(f, "12345");
        Sh r = sh(LogFiles.statCommand(List.of(f.toString(), dir.resolve("missing").toString())));
        List<FileState> st = LogFiles.parseStat(r.out, 2);
        assertThat(st.get(0).exists()).isTrue();
        assertThat(st.get(0).size()).isEqualTo(5L);
        assertThat(st.get(0).modified()).isEqualTo(Files.getLastModifiedTime(f).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(st.get(1).exists()).isFalse();
        assertThat(LogFiles.parseStat("yes 7 1700000000\ngarbage", 3))
                .containsExactly(new FileState(true, 7L, Instant.ofEpochSecond(1700000000)), FileState.UNKNOWN, FileState.UNKNOWN);
    }

    @Test
    void writerStreamKeepsACharacterSplitAcrossWrites() throws Exception {
        byte[] b = "é€x\n".getBytes(StandardCharsets.UTF_8);
        StringWriter w = new StringWriter();
        WriterStream s = new WriterStream(w);
        for (byte x : b) {
            s.write(new byte[] {x}, 0, 1);
        }
        s.flush();
        assertThat(w.toString()).isEqualTo("é€x\n");
    }

    record Sh(int exit, String out) {
    }

    static Sh sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Sh(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
