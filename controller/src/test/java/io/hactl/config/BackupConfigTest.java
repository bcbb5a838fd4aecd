package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup section: directory, keep_days, components; each mistake with its key and line. */
class BackupConfigTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void withoutTheSectionOnlyTheDatabaseIsBackedUpToTheDefaultDirectory() throws IOException {
        HactlConfig c = ConfigLoader.load(fixture.write(fixture.yaml()));
        assertThat(c.backup()).isEqualTo(BackupConfig.defaults());
        assertThat(c.backup().componentNames()).containsExactly("database");
        assertThat(c.backupDirectory()).isEqualTo(Path.of("/var/backups/hactl"));
    }

    @Test
    void componentsKeepDaysAndDirectoryAreRead() throws IOException {
        ConfigReport r = fixture.report("""
                backup:
                  directory: /srv/backups
                  keep_days: 14
                  components:
                    - name: tomcat
                      paths: [/opt/tomcat/conf, /opt/tomcat/webapps]
                    - name: indexes
                      paths:
                        - /var/lib/{node}/indexes
                      exclude: ["*.lock", "tmp/*"]
                """);
        assertThat(r.problems()).isEmpty();
        BackupConfig b = r.config().backup();
        assertThat(b.directory()).isEqualTo(Path.of("/srv/backups"));
        assertThat(b.keepDays()).isEqualTo(14);
        assertThat(b.componentNames()).containsExactly("database", "tomcat", "indexes");
        BackupComponentConfig indexes = b.component("indexes").orElseThrow();
        assertThat(indexes.exclude()).containsExactly("*.lock", "tmp/*");
        assertThat(indexes.pathsFor(r.config().node("n2").orElseThrow())).containsExactly("/var/lib/n2/indexes");
        assertThat(b.component("tomcat").orElseThrow().exclude()).isEmpty();
    }

    @Test
    void theDatabaseMethodIsRead_autoWithoutIt_aWrongOneNamedWithItsKeyAndLine() throws IOException {
        assertThat(BackupConfig.defaults().databaseMethod()).isEqualTo("auto");
        ConfigReport r = fixture.report("""
                backup:
                  database:
                    method: physical
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().backup().databaseMethod()).isEqualTo("physical");
        String yaml = fixture.yaml() + """
                backup:
                  database:
                    method: fast
                """;
        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::line)
                .containsExactly(tuple("backup.database.method", lineOf(yaml, "method: fast")));
        assertThat(fixture.errors(yaml).get(0).message()).contains("'fast'", "auto, physical or logical");
    }

    @Test
    void everyMistakeIsReportedWithKeyAndLine() throws IOException {
        String yaml = fixture.yaml() + """
                backup:
                  keep_days: 0
                  retention: 7
                  components:
                    - name: database
                      paths: [/var/lib/mysql]
                    - name: tomcat
                      paths: [conf, /opt/tomcat/../etc, /]
                    - name: tomcat
                      paths: [/opt/tomcat/webapps]
                    - name: verify
                      paths: [/x]
                    - name: indexes
                    - name: project
                      paths: [/srv/project]
                      exlude: ["*.log"]
                """;
        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                tuple("backup.keep_days", lineOf(yaml, "keep_days: 0")),
                tuple("backup.retention", lineOf(yaml, "retention: 7")),
                tuple("backup.components[0].name", lineOf(yaml, "name: database")),
                tuple("backup.components[1].paths[0]", lineOf(yaml, "paths: [conf")),
                tuple("backup.components[1].paths[1]", lineOf(yaml, "paths: [conf")),
                tuple("backup.components[1].paths[2]", lineOf(yaml, "paths: [conf")),
                tuple("backup.components[2].name", lineOf(yaml, "name: tomcat", 2)),
                tuple("backup.components[3].name", lineOf(yaml, "name: verify")),
                tuple("backup.components[4].paths", lineOf(yaml, "name: indexes")),
                tuple("backup.components[5].exlude", lineOf(yaml, "exlude:")));
        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::message).anySatisfy(m ->
                        assertThat(m).contains("0 is out of range: it must be 1-36500"))
                .anySatisfy(m -> assertThat(m).contains("'database' is reserved (the database is always the component 'database')"))
                .anySatisfy(m -> assertThat(m).contains("'conf' is not an absolute path"))
                .anySatisfy(m -> assertThat(m).contains("contains '..'"))
                .anySatisfy(m -> assertThat(m).contains("'/' is the whole file system"))
                .anySatisfy(m -> assertThat(m).contains("'tomcat' is also the name of the component at line"))
                .anySatisfy(m -> assertThat(m).contains("'hactl backup verify' is a subcommand"))
                .anySatisfy(m -> assertThat(m).contains("unknown key 'exlude' — did you mean 'exclude'?"));
    }

    @Test
    void keepDaysMustBeAWholeNumberAndPathsAList() throws IOException {
        String yaml = fixture.yaml() + """
                backup:
                  keep_days: two weeks
                  components:
                    - name: tomcat
                      paths: /opt/tomcat
                """;
        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).contains(
                tuple("backup.keep_days", "'two weeks' is not a whole number: the number of days of backups to keep,"
                        + " today included (e.g. keep_days: 14)"),
                tuple("backup.components[0].paths", "must be a list ('- ' items, or [a, b]), not a single value"));
    }

    @Test
    void theExampleConfigDeclaresComponents() {
        HactlConfig example = ConfigLoader.report(ConfigFixture.repositoryRoot().resolve("conf/hactl.yml"), n -> null)
                .config();
        if (example != null) {      // the example points at the lab's key files: valid only where a lab is up
            assertThat(example.backup().componentNames()).containsExactly("database", "tomcat", "backend");
        }
    }
}
