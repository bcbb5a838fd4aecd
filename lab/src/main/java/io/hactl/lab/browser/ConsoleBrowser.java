package io.hactl.lab.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium driven by Selenium through Debian's chromedriver, for the console's browser
 * test and bench (issue 17). Nothing is downloaded and nothing leaves the lab:
 * <ul>
 *   <li>the browser and the driver are the packages' ({@link #CHROMIUM}, {@link #CHROMEDRIVER}, installed by
 *       bin/setup-host.sh), named explicitly, so Selenium Manager (which would look for, and fetch, a browser
 *       and a driver of its own) never runs; its telemetry and downloads are off as well, should it ever run;
 *   <li>chromium starts with its background traffic off (updates, sync, safe-browsing lists, metrics,
 *       QUIC) and a host resolver that answers NOTFOUND for every name and address but loopback and the lab's
 *       198.51.100.0/24 ({@link #arguments}): the console is reached by its IP address, and any name chromium would look up (Google's hosts) goes nowhere;
 *   <li>a fresh profile ({@code --user-data-dir}) under the directory given, never the user's.
 * </ul>
 * Use it with try-with-resources: {@link #close} always quits the browser and the driver.
 * <pre>{@code
 * try (ConsoleBrowser b = ConsoleBrowser.start(Path.of("target/browser"))) {
 *     b.open("http://127.0.0.1:18642/login");
 *     b.await(".state", Duration.ofSeconds(10));
 *     b.screenshot(Path.of("docs/console/pair.png"), ConsoleBrowser.DESKTOP);
 * }
 * }</pre>
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Debian's chromium (package {@code chromium}). */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's chromedriver (package {@code chromium-driver}), of the same version as the browser. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The screenshots' desktop window. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** The screenshots' phone window (a 390 x 844 phone: the console's one-column layout, under 700 px). */
    public static final Dimension PHONE = new Dimension(390, 844);

    /**
     * Chromium's resolver: every host NOTFOUND, but loopback and the lab's network (198.51.100.0/24), where the
     * controllers listen. Chromium applies these rules to IP literals as well.
     */
    static final String HOST_RESOLVER_RULES = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 198.51.100.*";

    /**
     * Selenium looks for a DevTools (CDP) binding of chromium's version at every start and warns when none is on
     * the classpath; the console's tests use none (WebDriver only), so the warning is noise. Held here: a
     * java.util.logging level set on a logger nobody references is lost with it.
     */
    private static final java.util.logging.Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private boolean closed;

    private ConsoleBrowser(WebDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts Debian's chromium headless, its profile a new directory under {@code workDir}. */
    public static ConsoleBrowser start(Path workDir) {
        return start(workDir, CHROMIUM, CHROMEDRIVER);
    }

    /** As {@link #start(Path)} with the browser and the driver at these paths (tests name missing ones). */
    static ConsoleBrowser start(Path workDir, Path chromium, Path chromedriver) {
        requireInstalled(chromium, "chromium");
        requireInstalled(chromedriver, "chromium-driver");
        offlineSeleniumManager();
        Path profile;
        try {
            Files.createDirectories(workDir);
            profile = Files.createTempDirectory(workDir.toAbsolutePath(), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a chromium profile under " + workDir.toAbsolutePath()
                    + ": give a writable directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments(arguments(profile, DESKTOP));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        try {
            return new ConsoleBrowser(new ChromeDriver(service, options), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            throw new IllegalStateException("chromium did not start (" + chromium + " driven by " + chromedriver
                    + "): " + firstLine(e.getMessage()) + "; check that both come from the same Debian release"
                    + " (bin/setup-host.sh installs chromium and chromium-driver together)", e);
        }
    }

    /**
     * Chromium's command line: headless as root (no sandbox: the lab runs as root), and nothing sent
     * anywhere but the pages it is told to open.
     */
    static List<String> arguments(Path profile, Dimension window) {
        return List.of(
                "--headless=new",
                "--no-sandbox",                       // root: chromium refuses to start sandboxed as root
                "--disable-gpu",
                "--disable-dev-shm-usage",            // small /dev/shm in namespaces and containers
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + window.getWidth() + "," + window.getHeight(),
                "--hide-scrollbars",                  // screenshots the same width as the window
                // no traffic off the lab (198.51.100.0/24 and loopback only):
                "--disable-background-networking",    // update checks, safe-browsing lists, variations
                "--disable-component-update",         // component downloads
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-quic",
                "--disable-default-apps",
                "--disable-domain-reliability",       // reports to Google's collectors
                "--disable-breakpad",                 // crash reports
                "--metrics-recording-only",           // metrics recorded, never uploaded
                // every name unresolvable (IP literals too, unless excluded): only loopback and the lab answer
                "--host-resolver-rules=" + HOST_RESOLVER_RULES);
    }

    /** Selenium Manager never runs (the driver is named); should it ever, no download and no usage statistics. */
    static void offlineSeleniumManager() {
        // Selenium passes its SE_* system properties to Selenium Manager's environment
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
    }

    private static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing (Debian package " + debianPackage + "): run"
                    + " bin/setup-host.sh as root, which installs chromium and chromium-driver; the console's browser"
                    + " test never downloads a browser or a driver");
        }
    }

    // ------------------------------------------------------------------ pages

    /** The browser's profile directory (its command line names it: how its processes are told apart). */
    public Path profile() {
        return profile;
    }

    /** The driver, for what this class does not say (forms, scripts). */
    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} (an IP address: names do not resolve, see {@link #arguments}). */
    public void open(String url) {
        driver.get(url);
    }

    /** The path of the page shown ({@code /login}, {@code /proposals/p-1}). */
    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /**
     * Logs in on the console's login page ({@code BASE/login}: {@code #username}, {@code #password} and its form's
     * submit button) and waits until the browser has left the page or was sent back to it refused
     * ({@code /login?error}). The password goes to the page only: never printed.
     */
    public void logIn(String baseUrl, String name, String password) {
        open(baseUrl + "/login");
        WebElement user = await("#username", Duration.ofSeconds(30));
        user.clear();
        user.sendKeys(name);
        WebElement pw = driver.findElement(By.cssSelector("#password"));
        pw.clear();
        pw.sendKeys(password);
        String before = driver.getCurrentUrl();
        pw.findElement(By.xpath("ancestor::form//button[@type='submit']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(() -> "the login to be answered (still at "
                + driver.getCurrentUrl() + ")")
                .until(d -> !d.getCurrentUrl().equals(before) && (!"/login".equals(path())
                        || d.getCurrentUrl().contains("error")));
    }

    /** Waits up to {@code limit} for an element matching {@code css} to be visible; returns it. */
    public WebElement await(String css, Duration limit) {
        return new WebDriverWait(driver, limit).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks the element matching {@code css}, found afresh until the click lands: a live update may replace it
     * between finding and clicking (the pair page's {@code #pair} is swapped whole).
     */
    public void click(String css, Duration limit) {
        new WebDriverWait(driver, limit).pollingEvery(Duration.ofMillis(10))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "to click " + css)
                .until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    /** Waits up to {@code limit} until the text of the element matching {@code css} is {@code text}. */
    public void awaitText(String css, String text, Duration limit) {
        awaitText(css, text::equals, "say " + text, limit);
    }

    /** Waits up to {@code limit} until the text of the element matching {@code css} passes {@code ok} ({@code what}). */
    public void awaitText(String css, java.util.function.Predicate<String> ok, String what, Duration limit) {
        new WebDriverWait(driver, limit).withMessage(() -> css + " to " + what + " (it says "
                + text(css).orElse("nothing: no such element") + ")")
                .until(d -> text(css).map(ok::test).orElse(false));
    }

    /** The element matching {@code css}, if the page has one. */
    public Optional<WebElement> find(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every element matching {@code css}. */
    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The stripped text of the element matching {@code css}, if the page has one. */
    public Optional<String> text(String css) {
        try {
            return find(css).map(e -> e.getText().strip());
        } catch (StaleElementReferenceException e) {
            return Optional.empty(); // replaced while read (a live update): the next poll reads the new one
        }
    }

    /** Runs {@code script} in the page; its result. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * A PNG of the page at this window size (the viewport, as a person sees it), written to {@code file}
     * (its directory created); the window keeps that size afterwards.
     */
    public Path screenshot(Path file, Dimension window) {
        viewport(window);
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file.toAbsolutePath(), e);
        }
        return file;
    }

    /**
     * Sizes the window so that the page's viewport is {@code size}: headless chromium still counts a
     * toolbar's height in its window (900 high gave a 757 px viewport), so the difference is measured and added.
     */
    public void viewport(Dimension size) {
        driver.manage().window().setSize(size);
        long innerW = ((Number) script("return window.innerWidth")).longValue();
        long innerH = ((Number) script("return window.innerHeight")).longValue();
        if (innerW != size.getWidth() || innerH != size.getHeight()) {
            driver.manage().window().setSize(new Dimension(size.getWidth() + (int) (size.getWidth() - innerW),
                    size.getHeight() + (int) (size.getHeight() - innerH)));
        }
    }

    /**
     * Back to a browser that has seen nothing, without starting another (a start is chromium and its driver,
     * ~5 s on a loaded 2-core machine): every cookie of the browser cleared (DevTools' Network.clearBrowserCookies,
     * through chromedriver: no DevTools binding needed), and one new blank tab in place of all the others (a tab's
     * sessionStorage goes with it). A page's localStorage is its origin's: a console on another port is another
     * origin. The window keeps the size it had.
     */
    public void reset() {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Network.clearBrowserCookies",
                java.util.Map.of());
        java.util.Set<String> old = driver.getWindowHandles();
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        String fresh = driver.getWindowHandle();
        for (String h : old) {
            driver.switchTo().window(h).close();
        }
        driver.switchTo().window(fresh);
    }

    /** Quits the browser and stops the driver; again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
