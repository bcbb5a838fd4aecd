package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hactl's JIT flags, run against a fake {@code java} (first on PATH, printing its arguments) in a copy of
 * the launcher with stand-in jars: short commands start with C1 alone; commands that stream a database or files
 * get the full JIT, because SHA-256's CPU instructions (SHA-NI) are a C2 intrinsic: under C1 alone db-backup spent
 * ~1.2 s of CPU per 100 MB of compressed output on its checksum, in the same thread as the dump's reading.
 */
class LauncherJitTest {

    @TempDir
    Path home;

    @Test
    void shortCommands_startWithC1Alone() throws Exception {
        assertThat(javaArgs("check")).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(javaArgs("--config", "x.yml", "status")).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void streamingCommands_getTheFullJit() throws Exception {
        for (String command : List.of("db-backup", "db-restore", "db-copy", "backup", "db-replica-init")) {
            assertThat(javaArgs("--config", "x.yml", command, "-f", "out.sql.zst")).as(command)
                    .doesNotContain("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC", "io.hactl.cli.Main", command);
        }
    }

    @Test
    void hactlJavaOpts_isTakenAsItIs_forEveryCommand() throws Exception {
        assertThat(javaArgs(Map.of("HACTL_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=1"), "db-backup"))
                .contains("-Xmx64m", "-XX:TieredStopAtLevel=1");
    }

    private List<String> javaArgs(String... args) throws Exception {
        return javaArgs(Map.of(), args);
    }

    /** The arguments bin/hactl gives java: the launcher copied into HOME/bin, stand-in jars, a fake java on PATH. */
    private List<String> javaArgs(Map<String, String> env, String... args) throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.copy(repo.resolve("bin/hactl"), bin.resolve("hactl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path target = Files.createDirectories(home.resolve("controller/target/lib"));
        Files.writeString(target.getParent().resolve("hactl.jar"), "");
        Path fake = Files.createDirectories(home.resolve("fake"));
        Path java = fake.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        executable(bin.resolve("hactl"));
        List<String> argv = new ArrayList<>(List.of("bash", bin.resolve("hactl").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("HACTL_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
}
