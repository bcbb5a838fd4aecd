package io.hactl.lab.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the console's browser is started, without starting one (ConsoleBrowserIT starts a real one). */
class ConsoleBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void arguments_noTrafficOffTheLab_everyNameUnresolvable_freshProfileUnderTheDirectoryGiven() {
        Path profile = tmp.resolve("chromium-profile-1");
        List<String> args = ConsoleBrowser.arguments(profile, ConsoleBrowser.DESKTOP);
        assertThat(args).contains("--headless=new", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
                "--disable-domain-reliability", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 198.51.100.*",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
    }

    @Test
    void windowSizes_desktop1280x900_phone390x844() {
        assertThat(ConsoleBrowser.DESKTOP.getWidth()).isEqualTo(1280);
        assertThat(ConsoleBrowser.DESKTOP.getHeight()).isEqualTo(900);
        assertThat(ConsoleBrowser.PHONE.getWidth()).isEqualTo(390);
        assertThat(ConsoleBrowser.PHONE.getHeight()).isEqualTo(844);
    }

    @Test
    void chromiumMissing_refusedWithASentenceNamingSetupHost() {
        assertThatThrownBy(() -> ConsoleBrowser.start(tmp, tmp.resolve("no-chromium"), ConsoleBrowser.CHROMEDRIVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(tmp.resolve("no-chromium") + " is missing (Debian package chromium)")
                .hasMessageContaining("run bin/setup-host.sh");
    }

    @Test
    void chromedriverMissing_refusedWithASentenceNamingSetupHost() {
        assertThatThrownBy(() -> ConsoleBrowser.start(tmp, ConsoleBrowser.CHROMIUM, tmp.resolve("no-driver")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(Debian package chromium-driver)")
                .hasMessageContaining("run bin/setup-host.sh");
    }

    @Test
    void seleniumManager_offlineAndWithoutUsageStatistics() {
        ConsoleBrowser.offlineSeleniumManager();
        assertThat(System.getProperty("SE_OFFLINE")).isEqualTo("true");
        assertThat(System.getProperty("SE_AVOID_STATS")).isEqualTo("true");
    }
}
