package io.hactl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer-token authentication in front of the whole web context (API and actuator):
 * actions (anything but GET/HEAD) need the token of an operator under
 * {@code controller.operators}; reads need one too, except from loopback when
 * {@code controller.open_reads} is true. The operator's name goes to the request attribute
 * {@link #OPERATOR}. A missing token is 401, an unknown one 403, each with a JSON
 * {@link ApiError} that says what to do. The token is never logged or echoed.
 */
public final class AuthFilter extends OncePerRequestFilter {

    /** The request attribute holding the authenticated operator's name (absent for an open read). */
    public static final String OPERATOR = "hactl.operator";

    private static final String FIX = "create a token with: hactl token new NAME --out FILE, paste the lines it"
            + " prints under controller.operators in hactl.yml, restart the controller, then send it as"
            + " Authorization: Bearer <token> (the hactl CLI reads it from $HACTL_TOKEN, --token-file FILE"
            + " or ~/.config/hactl/token)";

    private final OperatorTokens tokens;
    private final boolean openReads;
    private final ObjectMapper mapper;

    public AuthFilter(OperatorTokens tokens, boolean openReads, ObjectMapper mapper) {
        this.tokens = tokens;
        this.openReads = openReads;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        boolean read = "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
        String token = bearer(req.getHeader("Authorization"));
        if (token == null) {
            if (read && openReads && loopback(req.getRemoteAddr())) {
                chain.doFilter(req, res);
                return;
            }
            String what = read ? (openReads ? "reads from other hosts than this one" : "reads (controller.open_reads is false)")
                    : "actions (ack, reject, switchover, unblock)";
            deny(res, 401, new ApiError("unauthorized", "no bearer token: " + what + " need the token of an operator: " + FIX));
            return;
        }
        Optional<String> operator = tokens.operatorFor(token);
        if (operator.isEmpty()) {
            String why = tokens.none()
                    ? "this controller has no operators configured (controller.operators is empty)"
                    : "the token matches no operator under controller.operators (a typo, an old token, or another"
                            + " cluster's)";
            deny(res, 403, new ApiError("forbidden", why + ": " + FIX));
            return;
        }
        req.setAttribute(OPERATOR, operator.get());
        chain.doFilter(req, res);
    }

    private void deny(HttpServletResponse res, int status, ApiError body) throws IOException {
        res.setStatus(status);
        if (status == 401) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"hactl\"");
        }
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getOutputStream().write(mapper.writeValueAsBytes(body));
    }

    /** The token of an {@code Authorization: Bearer X} header, or null. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    static boolean loopback(String remoteAddr) {
        if (remoteAddr == null || !remoteAddr.matches("[0-9A-Fa-f:.%]+")) {
            return false; // only address literals: never a name lookup
        }
        try {
            return InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
