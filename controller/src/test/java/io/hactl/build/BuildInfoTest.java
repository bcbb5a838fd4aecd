package io.hactl.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What hactl --version and /actuator/info say: the build's facts, from the jar's resource, and the running Java. */
class BuildInfoTest {

    private static Properties props(String version, String commit, String dirty, String time) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("commit", commit);
        p.setProperty("dirty", dirty);
        p.setProperty("time", time);
        return p;
    }

    @Test
    void versionLines_nameTheVersionTheCommitTheBuildTimeAndTheJava() {
        BuildInfo b = BuildInfo.of(props("1.2.0", "0fae3ac", "false", "2026-12-06T15:40:00Z"), "Debian",
                "17.0.15+6-Debian-1deb12u1");
        assertThat(b.lines()).containsExactly("hactl 1.2.0", "commit: 0fae3ac", "built: 2026-12-06T15:40:00Z",
                "java: Debian 17.0.15+6-Debian-1deb12u1");
    }

    @Test
    void aBuildFromAChangedCheckout_saysPlusDirty() {
        BuildInfo b = BuildInfo.of(props("1.2.0", "0fae3ac", "true", "2026-12-06T15:40:00Z"), "Debian", "17");
        assertThat(b.commit()).isEqualTo("0fae3ac+dirty");
    }

    @Test
    void valuesTheBuildDidNotFillIn_readUnknown_neverThePlaceholder() {
        BuildInfo b = BuildInfo.of(props("@project.version@", "@git.commit.id.abbrev@", "@git.dirty@",
                "${maven.build.timestamp}"), null, "17.0.15");
        assertThat(b.lines()).containsExactly("hactl unknown", "commit: unknown", "built: unknown", "java: 17.0.15");
        assertThat(BuildInfo.of(new Properties(), "Debian", "17").version()).isEqualTo("unknown");
    }

    @Test
    void theJarsResource_isFilledByTheBuild_withTheShortCommitAndTheUtcTime() {
        BuildInfo b = BuildInfo.current();
        assertThat(b.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(b.commit()).matches("[0-9a-f]{7,}(\\+dirty)?");
        assertThat(b.buildTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(b.java()).contains(Runtime.version().toString()).contains(System.getProperty("java.vendor"));
    }

    @Test
    void actuatorInfosMap_holdsTheSameFactsAsTheLines() {
        BuildInfo b = BuildInfo.of(props("1.2.0", "0fae3ac", "true", "2026-12-06T15:40:00Z"), "Debian", "17");
        assertThat(b.asMap()).containsExactly(java.util.Map.entry("version", "1.2.0"),
                java.util.Map.entry("commit", "0fae3ac+dirty"), java.util.Map.entry("built", "2026-12-06T15:40:00Z"),
                java.util.Map.entry("java", "Debian 17"));
    }
}
