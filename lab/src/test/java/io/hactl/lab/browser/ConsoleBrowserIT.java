package io.hactl.lab.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;

/**
 * Debian's chromium, for real, on a page of this JVM on loopback (no lab: tagged "lab" because it needs
 * bin/setup-host.sh's packages and runs with the lab tests, as root): screenshots at the two fixed sizes,
 * names that do not resolve, the browser gone after close, even when the test failed.
 */
@Tag("lab")
class ConsoleBrowserIT {

    private static final String PAGE = "<!DOCTYPE html><html><head><meta name=viewport content='width=device-width'>"
            + "<title>t</title></head><body><p id=state>HEALTHY</p>"
            + "<script>setTimeout(function(){document.getElementById('state').textContent='MASTER_DOWN'},300)</script>"
            + "</body></html>";
    /** A link replaced every 300 ms, as a live update replaces the pair page's #pair. */
    private static final String LIVE = "<!DOCTYPE html><html><body><div id=pair></div><script>"
            + "setInterval(function(){document.getElementById('pair').innerHTML="
            + "'<a class=open href=/next>open</a>'},300)</script></body></html>";
    private static final String NEXT = "<!DOCTYPE html><html><body><p id=next>next</p></body></html>";

    private HttpServer server;
    private String url;
    private final Path work = Path.of("target", "browser-it");

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            byte[] b = (path.equals("/live") ? LIVE : path.equals("/next") ? NEXT : PAGE).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void pageOpened_textAwaited_screenshotsAtDesktopAndPhoneSizes(@org.junit.jupiter.api.io.TempDir Path shots)
            throws IOException {
        try (ConsoleBrowser b = ConsoleBrowser.start(work)) {
            b.open(url);
            b.awaitText("#state", "MASTER_DOWN", Duration.ofSeconds(10));
            BufferedImage desktop = ImageIO.read(b.screenshot(shots.resolve("d/desktop.png"), ConsoleBrowser.DESKTOP).toFile());
            BufferedImage phone = ImageIO.read(b.screenshot(shots.resolve("phone.png"), ConsoleBrowser.PHONE).toFile());
            assertThat(desktop.getWidth()).isEqualTo(1280);
            assertThat(desktop.getHeight()).isEqualTo(900);
            assertThat(phone.getWidth()).isEqualTo(390);
            assertThat(phone.getHeight()).isEqualTo(844);
        }
    }

    @Test
    void anyHostNameOrAddressOffTheLab_doesNotResolve_loopbackIsReached() {
        try (ConsoleBrowser b = ConsoleBrowser.start(work)) {
            assertThatThrownBy(() -> b.open("http://update.googleapis.com/")).hasMessageContaining("ERR_NAME_NOT_RESOLVED");
            assertThatThrownBy(() -> b.open("http://192.0.2.1/")).hasMessageContaining("ERR_NAME_NOT_RESOLVED");
            b.open(url);
            assertThat(b.text("#state")).isPresent();
        }
    }

    @Test
    void click_elementReplacedByALiveUpdate_foundAfreshUntilTheClickLands() {
        try (ConsoleBrowser b = ConsoleBrowser.start(work)) {
            b.open(url + "live");
            b.click("#pair a.open", Duration.ofSeconds(10));
            b.await("#next", Duration.ofSeconds(10));
            assertThat(b.path()).isEqualTo("/next");
        }
    }

    @Test
    void reset_forgetsTheCookiesAndTheTabsStorage_theSameBrowserOpensPagesAgain() {
        try (ConsoleBrowser b = ConsoleBrowser.start(work)) {
            b.open(url);
            b.driver().manage().addCookie(new org.openqa.selenium.Cookie("session", "s1"));
            b.script("sessionStorage.setItem('k', 'v')");
            b.driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            b.open(url);

            b.reset();

            assertThat(b.driver().getWindowHandles()).as("one tab left").hasSize(1);
            b.open(url);
            assertThat(b.driver().manage().getCookies()).as("cookies after reset").isEmpty();
            assertThat(b.script("return sessionStorage.getItem('k')")).as("the tab's storage after reset").isNull();
            b.awaitText("#state", "MASTER_DOWN", Duration.ofSeconds(10));
        }
    }

    @Test
    void closed_evenWhenTheTestFailed_noChromiumOfItsProfileLeft() {
        ConsoleBrowser[] opened = new ConsoleBrowser[1];
        assertThatThrownBy(() -> {
            try (ConsoleBrowser b = ConsoleBrowser.start(work)) {
                opened[0] = b;
                b.open(url);
                b.await("#no-such-element", Duration.ofMillis(300));
            }
        }).isInstanceOf(TimeoutException.class);
        String profile = opened[0].profile().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().map(c -> c.contains(profile)).orElse(false)));
        assertThat(Files.isDirectory(opened[0].profile())).isTrue();
    }
}
