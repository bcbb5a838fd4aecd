package io.hactl.console;

import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import java.security.Principal;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A pending proposal's approve and refuse from the console (issue 17). Only an operator reaches
 * these (the console chain in {@code api.WebSecurity} guards {@link ConsolePaths#ACTIONS}); each goes
 * to the {@link ControllerService} under the user's name, so the transition log says who acted, as
 * for a token's operator.
 */
@Controller
public class ConsoleProposalsController {

    private final ControllerService service;

    public ConsoleProposalsController(ControllerService service) {
        this.service = service;
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
        flash.addFlashAttribute("message", r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.message());
        return "redirect:" + ConsolePaths.HOME;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
