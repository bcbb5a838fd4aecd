package io.hactl.console;

import io.hactl.config.HactlConfig;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: the pair at a glance, with the logged-in user (issue 17): what
 * {@link ConsolePairView} shows, the live updates then keep it fresh ({@link ConsoleEvents}). With
 * no {@code controller.users} the console is off and the page says how to turn it on.
 */
@Controller
public class ConsolePairController {

    private final ConsolePairSource pair;
    private final HactlConfig cfg;
    private final ConsoleWhoIsOn whoIsOn;

    public ConsolePairController(ConsolePairSource pair, HactlConfig cfg, SessionRegistry sessions) {
        this.pair = pair;
        this.cfg = cfg;
        this.whoIsOn = new ConsoleWhoIsOn(sessions);
    }

    @GetMapping(ConsolePaths.HOME)
    public String pair(Model model, Authentication auth) {
        if (cfg.controller().users().isEmpty()) {
            return "console/off";
        }
        model.addAttribute("view", pair.view());
        ConsoleUsers.describe(model, auth);
        ConsoleActionsController.describe(model, cfg);
        model.addAttribute("loggedIn", whoIsOn.lines());
        return "console/pair";
    }
}
