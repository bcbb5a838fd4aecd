package io.hactl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The package's /usr/bin/hactl (packaging/src/deb/bin/hactl) follows bin/hactl's rules: C1 alone for short
 * commands, the full JIT for the streaming ones, HACTL_JAVA_OPTS as it is, the CDS archive while it is newer than
 * the jar, the product's classpath only. Run against a fake {@code java} (first on PATH, printing its arguments),
 * the launcher's /usr/share/hactl and /var/cache/hactl moved into a temporary directory.
 */
class PackageLauncherTest {

    @TempDir
    Path root;

    @Test
    void shortCommands_startWithC1Alone_onTheProductsClasspath() throws Exception {
        List<String> args = javaArgs(Map.of(), "check");
        assertThat(args).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "io.hactl.cli.Main", "check");
        assertThat(args.get(args.indexOf("-cp") + 1)).isEqualTo(SHORT.apply(root));
    }

    /** The short class path of {@link #javaArgs}'s share/: hactl.jar, then cli.jars' jars in the list's order. */
    static final java.util.function.Function<Path, String> SHORT = r -> r + "/share/hactl.jar:" + r
            + "/share/lib/picocli-4.7.7.jar:" + r + "/share/lib/snakeyaml-2.4.jar";

    @Test
    void theDaemon_getsAllOfLib_afterTheShortPath() throws Exception {
        List<String> args = javaArgs(Map.of(), "controller");
        assertThat(args.get(args.indexOf("-cp") + 1)).isEqualTo(SHORT.apply(root) + ":" + root + "/share/lib/*");
    }

    @Test
    void withoutTheList_allOfLib() throws Exception {
        javaArgs(Map.of(), "status");
        Files.delete(root.resolve("share/cli.jars"));
        List<String> args = javaArgs(Map.of(), "status");
        assertThat(args.get(args.indexOf("-cp") + 1)).isEqualTo(root + "/share/hactl.jar:" + root + "/share/lib/*");
    }

    @Test
    void streamingCommands_getTheFullJit() throws Exception {
        for (String command : List.of("db-backup", "db-restore", "db-copy", "backup", "restore-node", "db-replica-init")) {
            assertThat(javaArgs(Map.of(), "--config", "x.yml", command)).as(command)
                    .doesNotContain("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC", command);
        }
    }

    @Test
    void hactlJavaOpts_isTakenAsItIs() throws Exception {
        assertThat(javaArgs(Map.of("HACTL_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC"), "status"))
                .contains("-Xmx64m").doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theArchive_isUsedWhileNewerThanTheJar() throws Exception {
        Path jsa = Files.createDirectories(root.resolve("cache")).resolve("hactl.jsa");
        Files.writeString(jsa, "");
        Files.setLastModifiedTime(jsa, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(javaArgs(Map.of(), "check")).contains("-XX:SharedArchiveFile=" + jsa);
        Files.setLastModifiedTime(jsa, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(javaArgs(Map.of(), "check")).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void postinst_dumpsAStaticArchive_fromTheClassListShippedWithThePackage() throws Exception {
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        String postinst = Files.readString(module.resolve("src/deb/control/postinst"))
                .replace("/var/cache/hactl", root.resolve("cache").toString())
                .replace("/usr/share/hactl", root.resolve("share").toString())
                .replace("/etc/hactl", root.resolve("etc").toString())
                .replace("/var/lib/hactl", root.resolve("lib").toString());
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("lib"));
        share();
        Path script = root.resolve("postinst");
        Files.writeString(script, postinst);
        Path fake = Files.createDirectories(root.resolve("fake"));
        Path java = fake.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >>\"$LOG\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "configure").redirectErrorStream(true);
        pb.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        pb.environment().put("LOG", root.resolve("java.log").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> args = Files.readAllLines(root.resolve("java.log"));
        assertThat(args).contains("-Xshare:dump", "-XX:SharedClassListFile=" + root.resolve("share/hactl.classlist"),
                "-XX:SharedArchiveFile=" + root.resolve("cache/hactl.jsa"), "-XX:+UseSerialGC")
                .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        assertThat(args.get(args.indexOf("-cp") + 1)).isEqualTo(SHORT.apply(root));
    }

    /** share/ as the package installs it: hactl.jar, lib/ with two jars of the list and one of the daemon's, cli.jars. */
    private void share() throws java.io.IOException {
        Path lib = Files.createDirectories(root.resolve("share/lib"));
        if (!Files.exists(root.resolve("share/hactl.jar"))) {
            Files.writeString(root.resolve("share/hactl.jar"), "");
            for (String jar : List.of("snakeyaml-2.4.jar", "picocli-4.7.7.jar", "tomcat-embed-core-10.1.48.jar")) {
                Files.writeString(lib.resolve(jar), "");
            }
            Files.writeString(root.resolve("share/cli.jars"), "# the list\npicocli\n\nsnakeyaml\n");
        }
    }

    private List<String> javaArgs(Map<String, String> env, String... args) throws Exception {
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        String launcher = Files.readString(module.resolve("src/deb/bin/hactl"))
                .replace("SHARE=/usr/share/hactl", "SHARE=" + root.resolve("share"))
                .replace("JSA=/var/cache/hactl/hactl.jsa", "JSA=" + root.resolve("cache/hactl.jsa"));
        assertThat(launcher).contains("SHARE=" + root.resolve("share")).contains("JSA=" + root.resolve("cache"));
        Path hactl = root.resolve("hactl");
        Files.writeString(hactl, launcher);
        share();
        Path fake = Files.createDirectories(root.resolve("fake"));
        Path java = fake.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        List<String> argv = new ArrayList<>(List.of("sh", hactl.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("HACTL_JAVA_OPTS");
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        pb.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
