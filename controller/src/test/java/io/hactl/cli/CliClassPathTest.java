package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launchers' short class path (issue 20): every command but {@code controller} runs on hactl.jar and the jars
 * named in controller/src/main/cds/cli.jars, not on all of lib/ (the daemon's Spring web, Tomcat, Netty, ZooKeeper,
 * Kotlin, ...). A command's classes are followed through hactl's own code (io.hactl), from the command's class, and
 * every other class they name must come from a jar on the list: a command that starts to need a daemon's jar fails
 * here, before it fails with NoClassDefFoundError on an operator's machine.
 */
class CliClassPathTest {

    /** Commands that run on the whole lib/ (the launchers: their FULL list). */
    static final Set<String> FULL = Set.of("controller");

    private static JavaClasses hactl;
    private static Set<String> list;

    @BeforeAll
    static void load() throws IOException {
        hactl = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hactl");
        list = cliJars(Path.of(System.getProperty("user.dir")).resolve("src/main/cds/cli.jars"));
    }

    /** The artifact names of the list: one a line, {@code #} comments. */
    static Set<String> cliJars(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l);
            }
        }
        return names;
    }

    @Test
    void everyCliCommand_needsOnlyTheJarsOfTheShortList() {
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<JavaClass> commands = new HashSet<>();
        Main.BUILT_IN.values().forEach(make -> commands.add(hactl.get(make.get().getClass())));
        for (Map.Entry<String, java.util.function.Supplier<Object>> e : Main.BUILT_IN.entrySet()) {
            if (FULL.contains(e.getKey())) {
                continue;
            }
            Map<String, String> needs = jarsNeeded(hactl.get(e.getValue().get().getClass()), commands);
            needs.forEach((jar, byClass) -> {
                if (!list.contains(jar)) {
                    missing.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(jar + " (" + byClass + ")");
                }
            });
        }
        assertThat(missing).as("jars a CLI command needs that controller/src/main/cds/cli.jars does not name: add them "
                + "there (the launchers then put them on the command's class path), or keep the command off that code").isEmpty();
    }

    /**
     * What the static walk cannot see (a library's own needs, ServiceLoader, reflection): the whole tree's --help and
     * a conf check of conf/hactl.yml (the config load, logback, SnakeYAML, Spring's Binder) run in a JVM on the short
     * path: this build's classes and, of the test's class path, only the list's jars.
     */
    @Test
    void theWholeTreeAndAConfigLoad_runOnTheShortPath() throws Exception {
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = entry.endsWith(".jar") ? Path.of(entry).getFileName().toString().replaceFirst("-\\d.*\\.jar$", "")
                    : entry.contains("/test-classes") ? null
                    : "hactl" + (entry.contains("/controller/") ? "" : "-" + Path.of(entry).getParent().getParent().getFileName());
            if (name != null && (name.equals("hactl") || list.contains(name))) {
                cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(entry);
            }
        }
        Path conf = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/hactl.yml");
        String help = runMain(cp.toString(), "--help");
        assertThat(help).contains("db-master-set", "controller").doesNotContain("NoClassDefFoundError");
        String check = runMain(cp.toString(), "conf", "check", "--config", conf.toString());
        assertThat(check).contains("conf check").doesNotContain("NoClassDefFoundError", "ClassNotFoundException", "\tat ");
    }

    private static String runMain(String cp, String... args) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-cp", cp,
                "io.hactl.cli.Main"));
        argv.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isIn(0, 1);
        return out;
    }

    @Test
    void theList_namesNoJarOfTheDaemonAlone() {
        assertThat(list).noneMatch(n -> n.startsWith("tomcat") || n.startsWith("netty") || n.startsWith("zookeeper")
                || n.startsWith("kotlin") || n.equals("spring-webmvc") || n.startsWith("thymeleaf"));
    }

    /**
     * The jars (artifact names) of the classes io.hactl code reached from {@code start} names, each with one class
     * that names it. Main's own lambdas that make the other commands are not followed: a run makes only its one.
     */
    static Map<String, String> jarsNeeded(JavaClass start, Set<JavaClass> commands) {
        Map<String, String> jars = new TreeMap<>();
        Set<JavaClass> seen = new HashSet<>();
        Deque<JavaClass> todo = new ArrayDeque<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            JavaClass c = todo.poll();
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass t = d.getTargetClass().getBaseComponentType();
                if (t.isPrimitive() || (c.isEquivalentTo(Main.class) && commands.contains(t)) || !seen.add(t)) {
                    continue;
                }
                String jar = artifact(t);
                if (jar == null) {
                    continue;   // the JDK's
                }
                if (t.getPackageName().startsWith("io.hactl")) {
                    if (!jar.equals("hactl")) {
                        jars.putIfAbsent(jar, c.getName());
                    }
                    todo.add(t);
                } else {
                    jars.putIfAbsent(jar, c.getName());
                }
            }
        }
        return jars;
    }

    private static final Pattern JAR = Pattern.compile("([^/!]+?)-\\d[^/!]*\\.jar!");
    private static final Pattern MODULE = Pattern.compile("/([^/]+)/target/classes/");

    /** A class's jar as an artifact name (the launcher's list), "hactl" for this module's classes, null for the JDK's. */
    static String artifact(JavaClass c) {
        if (c.getSource().isEmpty()) {
            return null;
        }
        String uri = c.getSource().get().getUri().toString();
        if (uri.startsWith("jrt:")) {
            return null;
        }
        Matcher m = JAR.matcher(uri);
        if (m.find()) {
            return m.group(1);
        }
        Matcher mod = MODULE.matcher(uri);
        if (mod.find()) {
            return mod.group(1).equals("controller") ? "hactl" : "hactl-" + mod.group(1);
        }
        return uri;
    }
}
