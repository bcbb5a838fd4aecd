package io.hactl.console;

import io.hactl.text.ControlChars;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before the form login reads a {@code POST /login}: a login the {@link ConsoleLoginThrottle} holds goes
 * back to the login page, which says how long to wait, and its password is not checked. Not a bean (a
 * filter bean would be put before every request by Spring Boot): the console's chain adds it.
 */
public final class ConsoleLoginHold extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoginHold.class);

    private final ConsoleLoginThrottle throttle;

    public ConsoleLoginHold(ConsoleLoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && (request.getContextPath() + ConsoleLoginController.LOGIN).equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String name = request.getParameter("username");
        Optional<Duration> hold = throttle.hold(name, request.getRemoteAddr());
        if (hold.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long minutes = Math.max(1, (hold.get().toSeconds() + 59) / 60);
        LOG.warn("console login held for '{}' from {}: too many refused logins, {} min left",
                ControlChars.escape(name == null ? "" : name), request.getRemoteAddr(), minutes);
        response.sendRedirect(request.getContextPath() + ConsoleLoginController.LOGIN + "?held=" + minutes);
    }
}
