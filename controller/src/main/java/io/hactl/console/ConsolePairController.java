package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: the pair at a glance, with the logged-in user (issue 17). With no
 * {@code controller.users} the console is off and the page says how to turn it on.
 */
@Controller
public class ConsolePairController {

    private final ControllerService service;
    private final HactlConfig cfg;

    public ConsolePairController(ControllerService service, HactlConfig cfg) {
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
        ConsoleUsers.describe(model, auth);
        return "console/pair";
    }
}
