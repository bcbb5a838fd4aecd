package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The web console's pages and actions (issue 17): for now the pair's state and sentence with the
 * logged-in user, and a pending proposal's approve / refuse. Who may do what is the console
 * chain's ({@code api.WebSecurity}): any user GETs, only an operator POSTs under
 * {@link ConsolePaths#ACTIONS}. Every action goes to the {@link ControllerService} under the
 * user's name, so the transition log says who acted, as for a token's operator.
 */
@Controller
public class ConsoleController {

    private final ControllerService service;
    private final HactlConfig cfg;

    public ConsoleController(ControllerService service, HactlConfig cfg) {
        this.service = service;
        this.cfg = cfg;
    }

    @GetMapping(ConsolePaths.HOME)
    public String pair(Model model, Authentication auth) {
        if (cfg.controller().users().isEmpty()) {
            return "console/off";
        }
        ControllerStatus s = service.status();
        model.addAttribute("status", s);
        model.addAttribute("user", auth.getName());
        model.addAttribute("role", role(auth));
        model.addAttribute("operator", ConsoleUsers.OPERATOR.equals(role(auth)));
        return "console/pair";
    }

    @PostMapping("/actions/proposals/{id}/ack")
    public String ack(@PathVariable("id") String id, @RequestParam(name = "comment", required = false) String comment,
                      Principal user, RedirectAttributes flash) {
        if (blank(comment)) {
            flash.addFlashAttribute("message", "approve " + id + ": nothing done: give a comment (why it is right to"
                    + " go ahead); it is kept in the transition log with your name");
            return "redirect:" + ConsolePaths.HOME;
        }
        return answered(service.ack(id, user.getName(), comment.strip()), flash);
    }

    @PostMapping("/actions/proposals/{id}/reject")
    public String reject(@PathVariable("id") String id,
                         @RequestParam(name = "comment", required = false) String comment,
                         Principal user, RedirectAttributes flash) {
        if (blank(comment)) {
            flash.addFlashAttribute("message", "refuse " + id + ": nothing done: give a comment (why not); it is kept"
                    + " in the transition log with your name");
            return "redirect:" + ConsolePaths.HOME;
        }
        return answered(service.reject(id, user.getName(), comment.strip()), flash);
    }

    private static String answered(ActionResult r, RedirectAttributes flash) {
        flash.addFlashAttribute("message", r.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.message());
        return "redirect:" + ConsolePaths.HOME;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** VIEWER or OPERATOR: the one role of the user. */
    private static String role(Authentication auth) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("");
    }
}
