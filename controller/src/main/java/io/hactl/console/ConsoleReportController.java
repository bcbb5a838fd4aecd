package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerService;
import io.hactl.log.IncidentReport;
import io.hactl.log.TimeSpec;
import io.hactl.log.TransitionLog;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Report page (issue 17): {@code hactl report}'s {@link IncidentReport} for a window chosen in
 * {@code hactl history --since}'s words ({@link TimeSpec}), shown as the Markdown it is (preformatted:
 * no Markdown library is on the classpath, and the report's tables read as they are in monospace), and
 * downloadable as a {@code .md} file named after the cluster and the window. The download's link
 * carries the window as instants, so the file is the report on the page even when the window was
 * written as "2h".
 */
@Controller
public class ConsoleReportController {

    static final String DEFAULT_SINCE = "1d";
    static final String DEFAULT_UNTIL = "now";
    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final ControllerService service;
    private final HactlConfig cfg;

    public ConsoleReportController(ControllerService service, HactlConfig cfg) {
        this.service = service;
        this.cfg = cfg;
    }

    /** The window, or why it cannot be one (a sentence that says how to write it). */
    record Window(Instant from, Instant to, String problem) {

        static Window of(String since, String until, Instant now) {
            Instant from;
            Instant to;
            try {
                from = TimeSpec.parse(since, now);
            } catch (IllegalArgumentException e) {
                return new Window(null, null, "since: " + e.getMessage());
            }
            try {
                to = TimeSpec.parse(until, now);
            } catch (IllegalArgumentException e) {
                return new Window(null, null, "until: " + e.getMessage());
            }
            if (to.isBefore(from)) {
                return new Window(null, null, "until (" + ConsoleTimeText.UTC.utc(to) + ") is before since ("
                        + ConsoleTimeText.UTC.utc(from) + "): give the window's start in since and its end in until");
            }
            return new Window(from, to, null);
        }
    }

    @GetMapping("/report")
    public String report(@RequestParam(name = "since", required = false) String since,
                         @RequestParam(name = "until", required = false) String until,
                         Model model, Authentication auth, HttpServletResponse response) {
        ConsoleUsers.describe(model, auth);
        String s = blank(since) ? DEFAULT_SINCE : since;
        String u = blank(until) ? DEFAULT_UNTIL : until;
        model.addAttribute("since", s);
        model.addAttribute("until", u);
        Instant now = Instant.now();
        Window w = Window.of(s, u, now);
        if (w.problem() != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("message", w.problem());
            return "console/report";
        }
        TransitionLog.Contents contents = service.history(w.from());
        model.addAttribute("damage", ConsoleHistoryController.damage(contents, cfg));
        model.addAttribute("markdown", IncidentReport.render(cfg.clusterName(), contents.entries(), w.from(), w.to(),
                now));
        model.addAttribute("from", w.from().toString());
        model.addAttribute("to", w.to().toString());
        return "console/report";
    }

    @GetMapping("/report.md")
    public ResponseEntity<String> markdown(@RequestParam(name = "since", required = false) String since,
                                           @RequestParam(name = "until", required = false) String until) {
        Instant now = Instant.now();
        Window w = Window.of(blank(since) ? DEFAULT_SINCE : since, blank(until) ? DEFAULT_UNTIL : until, now);
        if (w.problem() != null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body("report: " + w.problem() + "\n");
        }
        String md = IncidentReport.render(cfg.clusterName(), service.history(w.from()).entries(), w.from(), w.to(), now);
        return ResponseEntity.ok().contentType(MARKDOWN)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName(cfg.clusterName(), w.from(), w.to())).build().toString())
                .body(md);
    }

    /** "hactl-report-pair1-20250314T1900Z-20250314T1930Z.md": the cluster (safe characters only) and the window. */
    static String fileName(String cluster, Instant from, Instant to) {
        String name = cluster == null ? "cluster" : cluster.replaceAll("[^A-Za-z0-9._-]", "_");
        return "hactl-report-" + name + "-" + FILE_TIME.format(from) + "-" + FILE_TIME.format(to) + ".md";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
