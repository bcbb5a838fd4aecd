package io.hactl.console;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.text.ControlChars;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Pair page's operator actions (issue 17): a planned switchover and lifting the failover block,
 * each through the {@link ControllerService} under the console user's name, as {@code hactl
 * switchover} and {@code hactl unblock} do through the API. The forms are the fragments
 * {@code console/actions :: switchover} and {@code :: unblock}; the answer goes back to the Pair page
 * in {@code #message}. A switchover changes the master on purpose, so besides a comment it asks for
 * the chosen node's name typed again.
 */
@Controller
public class ConsoleActionsController {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleActionsController.class);

    private final ControllerService service;

    public ConsoleActionsController(ControllerService service) {
        this.service = service;
    }

    /** What the fragments need on the page's model: the nodes a switchover may choose ({@code actionNodes}). */
    public static void describe(Model model, HactlConfig cfg) {
        model.addAttribute("actionNodes", nodes(cfg));
    }

    static List<String> nodes(HactlConfig cfg) {
        return cfg.nodes().stream().map(NodeConfig::name).toList();
    }

    @PostMapping("/actions/switchover")
    public String switchover(@RequestParam(name = "node", required = false) String node,
                             @RequestParam(name = "confirm", required = false) String confirm,
                             @RequestParam(name = "comment", required = false) String comment,
                             Principal user, RedirectAttributes flash) {
        if (blank(node)) {
            return refused(user, "switchover: nothing done: choose the node to make the master", flash);
        }
        String n = node.strip();
        if (blank(comment)) {
            return refused(user, "switchover to " + n + ": nothing done: give a comment (why this planned change of"
                    + " master); it is kept in the transition log with your name", flash);
        }
        if (confirm == null || !n.equals(confirm.strip())) {
            return refused(user, "switchover to " + n + ": nothing done: to confirm the new master, type " + n
                    + " in the box under the list", flash);
        }
        return answered(service.requestSwitchover(n, user.getName(), comment.strip()), flash);
    }

    @PostMapping("/actions/unblock")
    public String unblock(@RequestParam(name = "comment", required = false) String comment, Principal user,
                          RedirectAttributes flash) {
        if (blank(comment)) {
            return refused(user, "unblock: nothing done: give a comment (why a new failover may be proposed now);"
                    + " it is kept in the transition log with your name", flash);
        }
        return answered(service.unblock(user.getName(), comment.strip()), flash);
    }

    /** Refused here, before the controller: nothing done, the daemon's log says who tried and why it was refused. */
    private static String refused(Principal user, String message, RedirectAttributes flash) {
        LOG.info("console: {}'s action refused before reaching the controller: {}",
                ControlChars.escape(user.getName()), ControlChars.escape(message));
        flash.addFlashAttribute("message", message);
        return "redirect:" + ConsolePaths.HOME;
    }

    private static String answered(ActionResult r, RedirectAttributes flash) {
        flash.addFlashAttribute("message", r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.message());
        return "redirect:" + ConsolePaths.HOME;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
