package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerService;
import io.hactl.log.EntryText;
import io.hactl.log.HistoryRows;
import io.hactl.log.TimeSpec;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The History page (issue 17): the transition log as {@code hactl history} reads it, newest first,
 * filtered by kind of line and by a time window written as {@code hactl history --since} takes it
 * ({@link TimeSpec}), in the rows of {@link HistoryRows}: a controller line as {@code hactl history}
 * reads it, an operation's lines as one row that opens into its steps. The newest {@value #DEFAULT_LIMIT} rows are shown (a cap, not pages: a
 * window or a filter narrows it; {@code limit} raises it up to {@value #MAX_LIMIT}).
 */
@Controller
public class ConsoleHistoryController {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;

    /** The kinds of lines the filter offers, as {@code tr.entry[data-type]} names them. */
    static final List<String> TYPES = HistoryRows.TYPES;

    private final ControllerService service;
    private final HactlConfig cfg;

    public ConsoleHistoryController(ControllerService service, HactlConfig cfg) {
        this.service = service;
        this.cfg = cfg;
    }

    @GetMapping("/history")
    public String history(@RequestParam(name = "type", required = false) List<String> types,
                          @RequestParam(name = "since", required = false) String since,
                          @RequestParam(name = "until", required = false) String until,
                          @RequestParam(name = "limit", required = false) Integer limit,
                          Model model, Authentication auth, HttpServletResponse response) {
        ConsoleUsers.describe(model, auth);
        Set<String> chosen = types == null ? Set.of() : Set.copyOf(types);
        model.addAttribute("types", TYPES);
        model.addAttribute("chosen", chosen);
        model.addAttribute("since", since);
        model.addAttribute("until", until);
        model.addAttribute("times", ConsoleTimeText.UTC);
        model.addAttribute("rows", List.of());
        for (String t : chosen) {
            if (!TYPES.contains(t)) {
                return refused(model, response, "type: '" + t + "' is not a kind of line: tick state, proposal,"
                        + " operation or alert (none: all)");
            }
        }
        Instant now = Instant.now();
        Instant from;
        Instant to;
        try {
            from = blank(since) ? null : TimeSpec.parse(since, now);
        } catch (IllegalArgumentException e) {
            return refused(model, response, "since: " + e.getMessage());
        }
        try {
            to = blank(until) ? null : TimeSpec.parse(until, now);
        } catch (IllegalArgumentException e) {
            return refused(model, response, "until: " + e.getMessage());
        }
        if (from != null && to != null && to.isBefore(from)) {
            return refused(model, response, "until (" + ConsoleTimeText.UTC.utc(to) + ") is before since ("
                    + ConsoleTimeText.UTC.utc(from) + "): give the window's start in since and its end in until");
        }
        int cap = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
        TransitionLog.Contents contents = service.history(from);
        List<TransitionEntry> lines = contents.entries().stream().filter(Objects::nonNull)
                .filter(e -> e.time() != null && (from == null || !e.time().isBefore(from))
                        && (to == null || !e.time().isAfter(to)))
                .filter(e -> chosen.isEmpty() || chosen.contains(HistoryRows.type(e)))
                .map(EntryText::printable).toList();
        List<HistoryRows.Row> rows = HistoryRows.of(lines);
        Collections.reverse(rows);
        model.addAttribute("total", rows.size());
        model.addAttribute("cap", cap);
        model.addAttribute("rows", rows.size() > cap ? rows.subList(0, cap) : rows);
        model.addAttribute("damage", damage(contents, cfg));
        return "console/history";
    }

    /** The lines the reading skipped and how to see the first, as {@code hactl history} says it; null: none. */
    static String damage(TransitionLog.Contents contents, HactlConfig cfg) {
        if (contents.damageNote() == null) {
            return null;
        }
        TransitionLog log = new TransitionLog(cfg.stateDirectory());
        return contents.damageNote() + " in " + log.file() + "; damaged lines are left in the file as they are: see"
                + " the first with sed -n " + contents.firstSkippedLine() + "p " + log.file();
    }

    private static String refused(Model model, HttpServletResponse response, String message) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("message", message);
        model.addAttribute("total", 0);
        model.addAttribute("cap", DEFAULT_LIMIT);
        return "console/history";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
