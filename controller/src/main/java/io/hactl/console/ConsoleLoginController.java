package io.hactl.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's login page (issue 17). Spring Security's form login handles what it posts ({@code
 * POST /login}) and sends a refusal back to {@code /login?error}; the page then says "Wrong name or
 * password." whichever it was, so nobody learns which names exist.
 */
@Controller
public class ConsoleLoginController {

    public static final String LOGIN = "/login";

    @GetMapping(LOGIN)
    public String login() {
        return "console/login";
    }
}
