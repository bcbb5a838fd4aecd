package io.hactl.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What runs: hactl's version, the git commit it was built from ("+dirty" when the checkout had changes), the
 * build time (UTC) and the Java runtime's vendor and version. The first three are written by the build into
 * {@value #RESOURCE} (controller/pom.xml), never read from git at run time: an installed hactl has no checkout.
 * One source for {@code hactl --version} and the controller's {@code /actuator/info}.
 *
 * @param version   the Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit    the short commit, {@code +dirty} appended when the build's checkout had changes
 * @param buildTime when the jar was built, ISO-8601 UTC ({@code 2026-12-06T15:40:00Z})
 * @param java      the running Java's vendor and version ({@code Debian 17.0.15+6-Debian-1deb12u1})
 */
public record BuildInfo(String version, String commit, String buildTime, String java) {

    /** The build's properties resource, on the classpath. */
    public static final String RESOURCE = "/io/hactl/build/build.properties";

    static final String UNKNOWN = "unknown";

    /** This hactl's facts: the jar's resource and the running JVM. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from hactl's jar: " + e.getMessage(), e);
        }
        return of(p, System.getProperty("java.vendor"), Runtime.version().toString());
    }

    /**
     * The facts from the build's properties and a Java runtime. A value the build did not fill in (no git
     * checkout: a source tarball; classes not built by Maven) reads "unknown", never the placeholder.
     */
    static BuildInfo of(Properties p, String javaVendor, String javaVersion) {
        String commit = filled(p.getProperty("commit"));
        if (!commit.equals(UNKNOWN) && "true".equals(filled(p.getProperty("dirty")))) {
            commit += "+dirty";
        }
        String java = ((javaVendor == null || javaVendor.isBlank() ? "" : javaVendor + " ") + javaVersion).strip();
        return new BuildInfo(filled(p.getProperty("version")), commit, filled(p.getProperty("time")), java);
    }

    private static String filled(String v) {
        return v == null || v.isBlank() || v.contains("@") || v.contains("${") ? UNKNOWN : v.strip();
    }

    /** {@code hactl --version}'s lines. */
    public List<String> lines() {
        return List.of("hactl " + version, "commit: " + commit, "built: " + buildTime, "java: " + java);
    }

    /** The same facts, for {@code /actuator/info} ({@code version, commit, built, java}). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("commit", commit);
        m.put("built", buildTime);
        m.put("java", java);
        return m;
    }
}
