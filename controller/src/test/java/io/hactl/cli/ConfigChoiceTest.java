package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLocator;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which config a command reads (issue 12 item 9): --config, else $HACTL_CONFIG, else
 * /etc/hactl/hactl.yml, never the lab's silently; every command says which one it read.
 * The places are the test's own (a temporary "system" path and "lab" path, its own environment).
 */
class ConfigChoiceTest {

    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    Path system;
    Path lab;
    Path labState;
    Path config;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws IOException {
        system = dir.resolve("etc/hactl.yml");
        Files.createDirectories(dir.resolve("lab"));
        labState = dir.resolve("lab/state");
        lab = dir.resolve("lab/hactl.yml");
        ConfigFixture files = new ConfigFixture(Files.createDirectories(dir.resolve("own")));
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + dir.resolve("state") + "\n");
    }

    /** A valid config for the "lab", writing into the lab's own state directory. */
    void validLab() throws IOException {
        ConfigFixture files = new ConfigFixture(Files.createDirectories(dir.resolve("labfiles")));
        Files.writeString(lab, files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + labState + "\n");
    }

    int hactl(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Main.commandLine();
        useTestPlaces(cl);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void useTestPlaces(CommandLine cl) {
        for (Object mixin : cl.getMixins().values()) {
            if (mixin instanceof ConfigOption o) {
                o.locator = new ConfigLocator(env, system, lab);
            }
        }
        cl.getSubcommands().values().forEach(this::useTestPlaces);
    }

    /** Every command that needs a config, with arguments that would otherwise let it run. */
    static final List<List<String>> NEED_A_CONFIG = List.of(List.of("check"), List.of("conf", "check"),
            List.of("ssh", "test"), List.of("ssh", "trust", "n1", "--yes"), List.of("start", "--dry-run"),
            List.of("stop", "--dry-run"), List.of("master-set", "--node", "n1", "--dry-run"),
            List.of("master-unset", "--node", "n1", "--dry-run"), List.of("history"), List.of("report", "--from", "1h"),
            List.of("db-master-set", "--node", "n1", "--dry-run"), List.of("db-master-unset", "--node", "n1", "--dry-run"),
            List.of("db-sync-check"), List.of("db-replica-init", "--node", "n2", "--dry-run"),
            List.of("backup", "--dry-run"), List.of("backup", "verify"), List.of("backup", "list"), List.of("controller"),
            List.of("status"), List.of("proposals"), List.of("ack", "p-1"), List.of("reject", "p-1"),
            List.of("switchover", "--node", "n2"), List.of("unblock", "--reason", "x"), List.of("notify", "test"),
            List.of("logs", "--list"));

    /**
     * With no --config, no $HACTL_CONFIG and no /etc/hactl/hactl.yml, a lab's config on the
     * machine is not read: each command refuses (bad config, 3) naming the three places and the
     * fix. The lab's file here is not even valid YAML: reading it would say so.
     */
    @Test
    void noSilentFallbackToTheLabsConfig() throws IOException {
        Files.writeString(lab, "cluster: [this is not the config you are looking for\n");
        SoftAssertions soft = new SoftAssertions();
        for (List<String> args : NEED_A_CONFIG) {
            int exit = hactl(args.toArray(String[]::new));
            String what = "hactl " + String.join(" ", args);
            soft.assertThat(exit).as(what + ": " + err).isEqualTo(3);
            soft.assertThat(err.toString()).as(what).contains("no config", "--config FILE", "HACTL_CONFIG",
                    system.toString(), "nothing was done").doesNotContain("cannot use", "problem");
            soft.assertThat(out.toString()).as(what).isEmpty();
        }
        soft.assertAll();
    }

    /** db-backup/db-restore/db-copy work without a config, as the seed's scripts did: but never with the lab's. */
    @Test
    void theDbCommandsGoOnWithoutAConfigAndSaySoNeverWithTheLabs() throws IOException {
        validLab();
        assertThat(hactl("db-backup", "-D", "not a name", "-f", dir.resolve("x.sql").toString())).isEqualTo(2);
        assertThat(out.toString().lines().findFirst()).hasValue("config: none (no --config, $HACTL_CONFIG is not set, no "
                + system + "): no transition log, the pair's roles unknown");
        assertThat(labState.resolve(TransitionLog.FILE_NAME)).as("the lab's log is not written").doesNotExist();

        assertThat(hactl("db-backup", "--config", dir.resolve("missing.yml").toString(), "-D", "app", "-f",
                dir.resolve("x.sql").toString())).as("a config named but missing: bad config").isEqualTo(3);
        assertThat(err.toString()).contains(dir.resolve("missing.yml") + ": no such file");
    }

    @Test
    void everyCommandSaysWhichConfigItRead() throws Exception {
        assertThat(hactl("history", "--config", config.toString())).isZero();
        assertThat(out.toString().lines().findFirst()).hasValue("config: " + config + " (--config)");

        env.put("HACTL_CONFIG", config.toString());
        assertThat(hactl("backup", "list")).isZero();
        assertThat(out.toString().lines().findFirst()).hasValue("config: " + config + " (from $HACTL_CONFIG)");
        env.clear();

        Files.createDirectories(system.getParent());
        Files.copy(config, system);
        assertThat(hactl("history", "--last", "5")).isZero();
        assertThat(out.toString().lines().findFirst()).hasValue("config: " + system + " (the default)");

        // where stdout is data (JSON lines as stored, the report's Markdown), the line goes to stderr
        assertThat(hactl("history", "--json")).isZero();
        assertThat(err.toString()).startsWith("config: " + system + " (the default)");
        assertThat(hactl("report", "--from", "1h")).isZero();
        assertThat(out.toString()).startsWith("# Incident report");
        assertThat(err.toString()).startsWith("config: " + system + " (the default)");
        // --json objects carry it
        assertThat(hactl("conf", "check", "--json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("config").asText()).isEqualTo(system.toString());
        assertThat(hactl("conf", "check")).isZero();
        assertThat(out.toString().lines().findFirst()).hasValue("config: " + system + " (the default)");
    }
}
