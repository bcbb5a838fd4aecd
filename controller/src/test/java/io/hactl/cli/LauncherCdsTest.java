package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hactl's class-data-sharing archive (issue 20): a static archive dumped from a class list (JDK 17's dynamic
 * archive refuses picocli's Java 5 classes; its static one takes them), the list being the warmup's own classes
 * plus those a check of the lab loaded (controller/src/main/cds/check.classlist: Connector/J's and JSch's
 * connection classes, which no warmup without nodes loads). Run against a fake {@code java} that logs each call's
 * arguments and, for a dump, writes the archive and the class list it is asked for.
 */
class LauncherCdsTest {

    @TempDir
    Path home;

    @Test
    void theArchive_isDumpedStatically_fromTheWarmupsClassListAndTheRecordedCheck_thenUsed() throws Exception {
        List<List<String>> calls = run("check");
        assertThat(calls).hasSize(3);
        List<String> record = calls.get(0);
        Path target = home.resolve("controller/target");
        assertThat(record).contains("-Xshare:off", "-XX:DumpLoadedClassList=" + target.resolve("warmup.classlist"),
                "io.hactl.cli.Main", "warmup", home.resolve("conf/hactl.yml").toString());
        List<String> dump = calls.get(1);
        assertThat(dump).contains("-Xshare:dump", "-XX:SharedClassListFile=" + target.resolve("hactl.classlist"),
                "-XX:SharedArchiveFile=" + target.resolve("hactl.jsa"), "-XX:+UseSerialGC");
        String shortPath = target.resolve("hactl.jar") + ":" + target.resolve("lib/picocli-4.7.7.jar") + ":"
                + target.resolve("lib/snakeyaml-2.4.jar");
        assertThat(record.get(record.indexOf("-cp") + 1)).isEqualTo(shortPath);
        assertThat(dump.get(dump.indexOf("-cp") + 1)).isEqualTo(shortPath);
        assertThat(Files.readString(target.resolve("hactl.classlist")))
                .contains("io/hactl/cli/WarmupCommand", "com/mysql/cj/jdbc/ConnectionImpl", "com/jcraft/jsch/Session");
        assertThat(calls.get(2)).contains("-XX:SharedArchiveFile=" + target.resolve("hactl.jsa"), "check")
                .doesNotContain("-Xshare:dump");
        assertThat(calls.get(2).get(calls.get(2).indexOf("-cp") + 1)).isEqualTo(shortPath);
    }

    @Test
    void theDaemon_getsAllOfLib_afterTheArchivesShortPath() throws Exception {
        run("check");
        Path target = home.resolve("controller/target");
        List<String> controller = run("controller").get(0);
        assertThat(controller.get(controller.indexOf("-cp") + 1)).isEqualTo(target.resolve("hactl.jar") + ":"
                + target.resolve("lib/picocli-4.7.7.jar") + ":" + target.resolve("lib/snakeyaml-2.4.jar") + ":"
                + target.resolve("lib") + "/*");
    }

    @Test
    void aNewList_dumpsTheArchiveAgain() throws Exception {
        run("check");
        Path list = home.resolve("controller/src/main/cds/cli.jars");
        Files.setLastModifiedTime(list, FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        assertThat(run("status")).hasSize(3);
    }

    @Test
    void theArchive_isKeptWhileNewerThanTheJar_andDumpedAgainAfterABuild() throws Exception {
        run("check");
        assertThat(run("status")).hasSize(1).first().asList().contains("-XX:SharedArchiveFile="
                + home.resolve("controller/target/hactl.jsa"));
        Path jar = home.resolve("controller/target/hactl.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        assertThat(run("status")).hasSize(3);
    }

    @Test
    void aFailedDump_leavesNoArchive_andTheCommandRunsWithout() throws Exception {
        List<List<String>> calls = run(List.of("FAIL_DUMP=1"), "check");
        assertThat(home.resolve("controller/target/hactl.jsa")).doesNotExist();
        assertThat(calls.get(calls.size() - 1)).contains("check").noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    private List<List<String>> run(String... args) throws Exception {
        return run(List.of(), args);
    }

    /** Each java call's arguments, in order: the launcher copied into HOME/bin, stand-in jars, a fake java on PATH. */
    private List<List<String>> run(List<String> env, String... args) throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.copy(repo.resolve("bin/hactl"), bin.resolve("hactl"), StandardCopyOption.REPLACE_EXISTING);
        Path cds = Files.createDirectories(home.resolve("controller/src/main/cds"));
        if (!Files.exists(cds.resolve("check.classlist"))) {
            Files.writeString(cds.resolve("check.classlist"), "# recorded\ncom/mysql/cj/jdbc/ConnectionImpl\ncom/jcraft/jsch/Session\n");
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf/hactl.yml"), "cluster: x\n");
            // the short path's list: two jars of lib/, in the list's order; tomcat's stays off it
            Files.writeString(cds.resolve("cli.jars"), "# the list\npicocli\n\nsnakeyaml\n");
            Path target = Files.createDirectories(home.resolve("controller/target/lib"));
            for (String jar : List.of("snakeyaml-2.4.jar", "picocli-4.7.7.jar", "tomcat-embed-core-10.1.48.jar")) {
                Files.writeString(target.resolve(jar), "");
            }
            Files.setLastModifiedTime(cds.resolve("cli.jars"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Files.writeString(target.getParent().resolve("hactl.jar"), "");
            Files.setLastModifiedTime(target.getParent().resolve("hactl.jar"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        }
        Path log = home.resolve("java.log");
        Files.deleteIfExists(log);
        Path fake = Files.createDirectories(home.resolve("fake"));
        Path java = fake.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                printf '%s\\n' "$@" >>"$LOG"; echo '--' >>"$LOG"
                for a in "$@"; do
                  case "$a" in
                    -XX:DumpLoadedClassList=*) printf 'io/hactl/cli/WarmupCommand\\n' >"${a#*=}" ;;
                    -XX:SharedArchiveFile=*) JSA="${a#*=}" ;;
                    -Xshare:dump) DUMP=1 ;;
                  esac
                done
                if [ -n "${DUMP:-}" ]; then [ -n "${FAIL_DUMP:-}" ] && exit 1; : >"$JSA"; fi
                exit 0
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(bin.resolve("hactl"), PosixFilePermissions.fromString("rwx------"));
        List<String> argv = new ArrayList<>(List.of("bash", bin.resolve("hactl").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("HACTL_JAVA_OPTS");
        pb.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        pb.environment().put("LOG", log.toString());
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<List<String>> calls = new ArrayList<>();
        List<String> call = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.equals("--")) {
                calls.add(call);
                call = new ArrayList<>();
            } else {
                call.add(line);
            }
        }
        return calls;
    }
}
