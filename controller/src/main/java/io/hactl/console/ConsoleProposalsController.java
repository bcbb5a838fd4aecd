package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.state.Proposal;
import io.hactl.text.ControlChars;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Proposals pages and a proposal's approve and refuse (issue 17). The pages show each proposal's
 * evidence, risk, plan ({@link Proposal#plan()}) and expiry; only an operator reaches the POSTs (the
 * console chain in {@code api.WebSecurity} guards {@link ConsolePaths#ACTIONS}). Each answer goes to the
 * {@link ControllerService} under the user's name, so the transition log says who acted, as for a
 * token's operator. An approval of a promotion (a failover) also needs the cluster's name typed: a
 * second look at which pair is about to change master, as a phone makes a wrong tab easy.
 */
@Controller
public class ConsoleProposalsController {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProposalsController.class);

    private final ControllerService service;
    private final HactlConfig cfg;

    public ConsoleProposalsController(ControllerService service, HactlConfig cfg) {
        this.service = service;
        this.cfg = cfg;
    }

    /** Pending proposals first, then the last decided ones, as {@link ControllerService#proposals()} orders them. */
    @GetMapping("/proposals")
    public String proposals(Model model, Authentication auth) {
        ConsoleUsers.describe(model, auth);
        model.addAttribute("proposals", service.proposals());
        model.addAttribute("cluster", cfg.clusterName());
        model.addAttribute("times", ConsoleTimeText.UTC);
        return "console/proposals";
    }

    @GetMapping("/proposals/{id}")
    public String proposal(@PathVariable("id") String id, Model model, Authentication auth,
                           HttpServletResponse response) {
        ConsoleUsers.describe(model, auth);
        model.addAttribute("id", id);
        model.addAttribute("cluster", cfg.clusterName());
        model.addAttribute("times", ConsoleTimeText.UTC);
        Optional<Proposal> p = find(id);
        if (p.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        }
        model.addAttribute("proposal", p.orElse(null));
        return "console/proposal";
    }

    @PostMapping("/actions/proposals/{id}/ack")
    public String ack(@PathVariable("id") String id, @RequestParam(name = "comment", required = false) String comment,
                      @RequestParam(name = "cluster", required = false) String cluster, Principal user,
                      RedirectAttributes flash) {
        if (blank(comment)) {
            return refused(id, user, "approve " + id + ": nothing done: give a comment (why it is right to go ahead);"
                    + " it is kept in the transition log with your name", flash);
        }
        Optional<Proposal> p = find(id);
        if (p.isEmpty()) {
            return refused(id, user, "approve " + id + ": nothing done: no proposal " + id + " (the Proposals page"
                    + " lists them)", flash);
        }
        if (p.get().promotes() && !cfg.clusterName().equals(cluster == null ? null : cluster.strip())) {
            return refused(id, user, "approve " + id + ": nothing done: this " + words(p.get().kind()) + " makes "
                    + p.get().node() + " the master; to confirm it is the pair you mean, type the cluster's name, "
                    + cfg.clusterName() + ", in the box above the button", flash);
        }
        return answered(id, service.ack(id, user.getName(), comment.strip()), flash);
    }

    @PostMapping("/actions/proposals/{id}/reject")
    public String reject(@PathVariable("id") String id,
                         @RequestParam(name = "comment", required = false) String comment,
                         Principal user, RedirectAttributes flash) {
        if (blank(comment)) {
            return refused(id, user, "refuse " + id + ": nothing done: give a comment (why not); it is kept in the"
                    + " transition log with your name", flash);
        }
        return answered(id, service.reject(id, user.getName(), comment.strip()), flash);
    }

    private Optional<Proposal> find(String id) {
        return service.proposals().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Refused here, before the controller: nothing done, the daemon's log says who tried and why it was refused. */
    private static String refused(String id, Principal user, String message, RedirectAttributes flash) {
        LOG.info("console: {}'s action refused before reaching the controller: {}",
                ControlChars.escape(user.getName()), ControlChars.escape(message));
        flash.addFlashAttribute("message", message);
        return redirect(id);
    }

    private static String answered(String id, ActionResult r, RedirectAttributes flash) {
        flash.addFlashAttribute("message", r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.message());
        return redirect(id);
    }

    static String redirect(String id) {
        return "redirect:/proposals/" + org.springframework.web.util.UriUtils.encodePathSegment(id,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "failover", "node failover". */
    static String words(Proposal.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
