package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.lab.browser.ConsoleBrowser;
import io.hactl.lab.browser.ConsoleDaemon;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real browser (Debian's chromium through Selenium, {@link ConsoleBrowser}) against a
 * controller daemon on the lab with two console users, an operator and a viewer ({@link ConsoleDaemon}):
 * a wrong password is refused; the operator sees the pair; the master's MariaDB killed (kill -9), the failover
 * proposal appears on the page already open, without a reload, the operator approves it with a comment and the
 * cluster's name, the page shows n2 master and the operation's steps, the transition log names the operator;
 * a viewer logged in at the same time sees the proposal and no form to act. With
 * {@code -Dhactl.console.screenshots=docs/console} it writes the console's screenshots (docs/console.md).
 *
 * <p>Every page element is found by the ids and classes of the console's contract (docs/console.md); each test
 * gets a daemon of its own (own state directory, so no earlier failover blocks the next) unless the test before
 * left its daemon steady (ACTIVE_SYNCED, no proposal, no operation in its log: a login page's test), which is
 * then kept for the next (a start is ~5-8 s here); the lab is healed after each; the browsers are the class's,
 * reset between tests.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class ConsoleBrowserLabIT {

    static final Duration PAGE = Duration.ofSeconds(30);
    static final Duration FAULT = Duration.ofSeconds(60);
    /** The lab's cluster name (hactl.yml's cluster:): typed to approve a failover. */
    static final String CLUSTER = "lab";
    static final String NO_ACTION_FORM = "form.approve, form.refuse, form[action*='/actions/']";

    /** The class's: a daemon kept from one test to the next keeps its state directory. */
    @TempDir
    static Path tmp;

    private static final Path WORK = Path.of("target", "console-browser");
    /**
     * Browsers kept from one test to the next of this class, reset between them ({@link ConsoleBrowser#reset}: no
     * cookie, one blank tab) rather than started again: a start is ~5-8 s here, and the class used six.
     */
    private static final List<ConsoleBrowser> IDLE = new ArrayList<>();
    private final List<ConsoleBrowser> browsers = new ArrayList<>();
    private final ConsoleScreenshots shots = ConsoleScreenshots.fromSystemProperty();
    private ConsoleDaemon daemon;
    /** The daemon a test left steady ({@link #steady}), for the next test; null when there is none. */
    private static ConsoleDaemon kept;
    private static int started;

    @BeforeEach
    void startDaemon(Lab lab) throws IOException {
        if (kept != null && kept.alive()) {
            daemon = kept;
            kept = null;
            daemon.awaitState("ACTIVE_SYNCED", FAULT);
            System.out.println("[lab-note] the previous test's controller kept (steady): " + daemon.baseUrl());
            return;
        }
        Path hactl = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("bin/hactl");
        daemon = ConsoleDaemon.start(hactl, lab.config(), tmp.resolve("controller-" + (++started)), freePort());
        daemon.awaitState("ACTIVE_SYNCED", FAULT);
    }

    /**
     * Whether the daemon is as it started: ACTIVE_SYNCED, no proposal pending, and its log without any
     * proposal or operation (the test changed nothing the controller saw): the next test may use it.
     */
    private static boolean steady(ConsoleDaemon d) {
        return d.alive() && d.status().map(j -> "ACTIVE_SYNCED".equals(j.path("state").asText())
                && j.path("proposals").isEmpty()).orElse(false)
                && new TransitionLog(d.stateDirectory()).read().stream()
                        .noneMatch(e -> e instanceof io.hactl.log.ProposalEntry || e instanceof io.hactl.log.OperationEntry);
    }

    @AfterEach
    void stopAndHeal(Lab lab) {
        try {
            for (ConsoleBrowser b : browsers) {
                try {
                    long t0 = System.nanoTime();
                    b.reset();
                    IDLE.add(b);
                    System.out.printf(java.util.Locale.ROOT, "[lab-figure] browser reset in %.2f s%n",
                            (System.nanoTime() - t0) / 1e9);
                } catch (RuntimeException e) {
                    System.out.println("[browser] not reset (" + e.getMessage() + "): closed");
                    b.close();
                }
            }
        } finally {
            boolean keep = daemon != null && steady(daemon);
            if (daemon != null && !keep) {
                daemon.close();
                System.out.println("[controller-log]\n" + daemon.output());
            }
            // a kept daemon watches this heal: at the baseline it does nothing; if it repaired anything, the
            // daemon saw a pair that was not steady, and the next test starts its own
            if (!lab.heal().isEmpty() && keep) {
                keep = false;
                daemon.close();
                System.out.println("[controller-log]\n" + daemon.output());
            }
            kept = keep ? daemon : null;
        }
    }

    @AfterAll
    static void quitBrowsers() {
        IDLE.forEach(ConsoleBrowser::close);
        IDLE.clear();
        if (kept != null) {
            kept.close();
            System.out.println("[controller-log]\n" + kept.output());
            kept = null;
        }
    }

    private ConsoleBrowser browser() {
        long t0 = System.nanoTime();
        boolean started = IDLE.isEmpty();
        ConsoleBrowser b = started ? ConsoleBrowser.start(WORK) : IDLE.remove(IDLE.size() - 1);
        if (started) {
            System.out.printf(java.util.Locale.ROOT, "[lab-figure] browser started in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
        browsers.add(b);
        return b;
    }

    private ConsoleBrowser loggedIn(ConsoleDaemon.Login who) {
        ConsoleBrowser b = browser();
        b.logIn(daemon.baseUrl(), who.name(), who.password());
        assertThat(b.path()).as("after logging in as %s", who).isEqualTo("/");
        return b;
    }

    // ------------------------------------------------------------------ passes on today's page

    @Test
    void wrongPassword_refused_pageStaysLogin_noSession_logSaysRefusedWithoutThePassword() {
        ConsoleBrowser b = browser();
        String wrong = "not-" + daemon.operator().password();
        b.logIn(daemon.baseUrl(), daemon.operator().name(), wrong);
        assertThat(b.path()).isEqualTo("/login");
        assertThat(b.find("#user")).isEmpty();
        b.open(daemon.baseUrl() + "/");
        assertThat(b.path()).as("a page without a session sends to the login page").isEqualTo("/login");
        assertThat(daemon.output()).contains("console login refused for '" + daemon.operator().name() + "'")
                .doesNotContain(wrong).doesNotContain(daemon.operator().password());
    }

    @Test
    void operator_loggedIn_pairPageShowsTheStateTheUserAndTheRole() {
        ConsoleBrowser b = loggedIn(daemon.operator());
        b.awaitText("#state", "ACTIVE_SYNCED", PAGE);
        assertThat(b.text("#user")).contains(ConsoleDaemon.OPERATOR);
        assertThat(b.text("#role")).contains("operator");
    }

    @Test
    void viewer_whileAFailoverIsPending_seesNoActionForm(Lab lab) {
        ConsoleBrowser viewer = loggedIn(daemon.viewer());
        lab.killMariadb("n1");
        String id = awaitFailoverProposal();
        viewer.open(daemon.baseUrl() + "/");
        viewer.awaitText("#state", "FAILOVER_PROPOSED", PAGE);
        assertThat(viewer.findAll(NO_ACTION_FORM)).as("forms a viewer could act with, proposal %s pending", id).isEmpty();
        assertThat(viewer.text("#role")).contains("viewer");
    }

    // ------------------------------------------------------------------ need the pages of c1 (pair, login) and c2 (proposals)

    @Test
    void wrongPassword_saysWrongNameOrPassword_neverWhich() {
        ConsoleBrowser b = browser();
        b.logIn(daemon.baseUrl(), daemon.operator().name(), "not-" + daemon.operator().password());
        assertThat(b.await("#login-error", PAGE).getText()).contains("Wrong name or password.");
        b.logIn(daemon.baseUrl(), "nobody", "not-" + daemon.operator().password());
        assertThat(b.await("#login-error", PAGE).getText()).contains("Wrong name or password.");
        assertThat(b.find("form#login")).isPresent();
    }

    @Test
    void masterKilled_proposalOnTheOpenPageWithoutReload_approved_n2MasterWithTheSteps_viewerSeesNoForm_logNamesTheOperator(
            Lab lab) {
        ConsoleBrowser op = browser();
        op.open(daemon.baseUrl() + "/login");
        op.await("#username", PAGE);
        shots.take(op, "login", ConsoleBrowser.DESKTOP);
        op.logIn(daemon.baseUrl(), daemon.operator().name(), daemon.operator().password());
        ConsoleBrowser viewer = loggedIn(daemon.viewer());
        op.awaitText("section.node[data-node=n1] .role", "MASTER", PAGE);
        op.awaitText("section.node[data-node=n2] .role", r -> r.startsWith("REPLICA"), "name a replica", PAGE);
        shots.take(op, "pair", ConsoleBrowser.DESKTOP);
        shots.take(op, "pair-phone", ConsoleBrowser.PHONE);
        op.viewport(ConsoleBrowser.DESKTOP);
        // a mark in both open pages: gone if either is reloaded
        op.script("window.hactlNotReloaded = true");
        viewer.script("window.hactlNotReloaded = true");

        lab.killMariadb("n1");
        String id = awaitFailoverProposal();
        String pending = "#pending article.proposal[data-id='" + id + "']";
        op.await(pending, PAGE);
        viewer.await(pending, PAGE);
        assertThat(op.script("return window.hactlNotReloaded === true")).as("the operator's page was not reloaded")
                .isEqualTo(Boolean.TRUE);
        assertThat(viewer.script("return window.hactlNotReloaded === true")).as("the viewer's page was not reloaded")
                .isEqualTo(Boolean.TRUE);
        assertThat(viewer.findAll(NO_ACTION_FORM)).as("a viewer's pair page: no form to act").isEmpty();

        // the viewer opens the proposal: everything it says, no form
        viewer.click(pending + " a.open", PAGE);
        viewer.awaitText("article.proposal[data-id='" + id + "'] .status", "PENDING", PAGE);
        assertThat(viewer.path()).isEqualTo("/proposals/" + id);
        assertThat(viewer.findAll(NO_ACTION_FORM)).as("a viewer's proposal page: no form").isEmpty();

        // the operator opens it from the pair page and approves it with a comment and the cluster's name
        op.click(pending + " a.open", PAGE);
        op.await("form.approve", PAGE);
        assertThat(op.path()).isEqualTo("/proposals/" + id);
        assertThat(op.findAll("article.proposal[data-id='" + id + "'] .plan li")).as("the steps that will run").isNotEmpty();
        shots.take(op, "proposal", ConsoleBrowser.DESKTOP);
        op.viewport(ConsoleBrowser.DESKTOP);
        String comment = "n1's MariaDB killed in the browser lab test: promote n2";
        WebElement approve = op.find("form.approve").orElseThrow();
        approve.findElement(By.cssSelector("textarea[name=comment]")).sendKeys(comment);
        approve.findElement(By.cssSelector("input[name=cluster]")).sendKeys(CLUSTER);
        approve.findElement(By.cssSelector("button[type=submit]")).click();
        op.await("#message", PAGE);
        assertThat(op.path()).isEqualTo("/proposals/" + id);

        // the pair page shows n2 master and the operation's steps
        op.open(daemon.baseUrl() + "/");
        op.awaitText("section.node[data-node=n2] .role", "MASTER", FAULT);
        op.await("#operation li.step", PAGE);
        assertThat(op.findAll("#operation li.step")).isNotEmpty();
        op.awaitText("#state", s -> !"SWITCHING".equals(s), "leave SWITCHING (the failover over)", FAULT);
        shots.take(op, "pair-after-failover", ConsoleBrowser.DESKTOP);
        assertThat(new TransitionLog(daemon.stateDirectory()).read())
                .anyMatch(e -> ack(e) && ConsoleDaemon.OPERATOR.equals(e.who()) && comment.equals(e.why()));

        // the other pages, after the incident
        for (String page : List.of("proposals", "history", "report", "backups")) {
            op.open(daemon.baseUrl() + "/" + page);
            op.await("#main", PAGE);
            shots.take(op, page, ConsoleBrowser.DESKTOP);
        }
        op.open(daemon.baseUrl() + "/history");
        assertThat(op.findAll("table#history tr.entry[data-type=operation]")).isNotEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The pending FAILOVER proposal's id, from the controller's API (not from a page). */
    private String awaitFailoverProposal() {
        JsonNode s = daemon.awaitStatus("a FAILOVER proposal", FAULT, j -> failover(j) != null);
        return failover(s);
    }

    private static String failover(JsonNode status) {
        return StreamSupport.stream(status.path("proposals").spliterator(), false)
                .filter(p -> "FAILOVER".equals(p.path("kind").asText())).map(p -> p.path("id").asText())
                .findFirst().orElse(null);
    }

    private static boolean ack(TransitionEntry e) {
        return "ack".equals(e.event().json());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
