package io.hactl.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's login page (issue 17). Spring Security's form login handles what it posts ({@code
 * POST /login}) and sends a refusal back to {@code /login?error}; the page then says "Wrong name or
 * password." whichever it was, so nobody learns which names exist.
 */
@Controller
public class ConsoleLoginController {

    public static final String LOGIN = "/login";

    /**
     * {@code held}: the minutes a held login must wait ({@link ConsoleLoginHold}); only a number of minutes the
     * throttle can give is shown, so a link cannot put its own words on the page.
     */
    @GetMapping(LOGIN)
    public String login(@RequestParam(name = "held", required = false) String held, Model model) {
        if (held != null && held.matches("[0-9]{1,2}")) {
            long minutes = Long.parseLong(held);
            if (minutes >= 1 && minutes <= ConsoleLoginThrottle.WINDOW.toMinutes()) {
                model.addAttribute("heldMinutes", minutes);
            }
        }
        return "console/login";
    }
}
