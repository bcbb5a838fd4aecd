package io.hactl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ControllerConfig.OpenRead;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer-token authentication in front of the whole web context (API and actuator):
 * actions (anything but GET/HEAD) need the token of an operator under
 * {@code controller.operators}; reads need one too, except the reads listed in
 * {@code controller.open_reads} (default status and health) from loopback, judged by the
 * peer's own address (never X-Forwarded-For: forward headers are off). A path that is none of
 * the reads needs a token. The operator's name goes to the request attribute
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
    private final Set<OpenRead> openReads;
    private final ObjectMapper mapper;

    public AuthFilter(OperatorTokens tokens, Set<OpenRead> openReads, ObjectMapper mapper) {
        this.tokens = tokens;
        this.openReads = Set.copyOf(openReads);
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        boolean read = "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
        String token = bearer(req.getHeader("Authorization"));
        if (token == null) {
            String path = path(req);
            OpenRead which = read ? readOf(path) : null;
            boolean local = loopback(req.getRemoteAddr());
            if (which != null && openReads.contains(which) && local) {
                chain.doFilter(req, res);
                return;
            }
            String what;
            if (!read) {
                what = "actions (ack, reject, switchover, unblock) need the token of an operator";
            } else if (which == null) {
                what = "GET " + path + " is none of the reads controller.open_reads can open, so it needs the token"
                        + " of an operator";
            } else if (!openReads.contains(which)) {
                what = "GET " + path + " needs the token of an operator: controller.open_reads " + (openReads.isEmpty()
                        ? "is empty" : "opens only " + words(openReads)) + " to this machine (add " + which.word()
                        + " to it to open " + which.word() + ")";
            } else {
                what = "reads from other hosts than this one need the token of an operator";
            }
            deny(res, 401, new ApiError("unauthorized", "no bearer token: " + what + ": " + FIX));
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

    /** The read a GET of {@code path} is, or null when it is none of them (then it needs a token). */
    static OpenRead readOf(String path) {
        return switch (path) {
            case "/api/status", "/api/status/text", "/api/leader" -> OpenRead.STATUS; // the leader is a part of status
            case "/api/history" -> OpenRead.HISTORY;
            case "/api/proposals" -> OpenRead.PROPOSALS;
            case "/actuator/prometheus" -> OpenRead.METRICS;
            default -> path.equals("/actuator/health") || path.startsWith("/actuator/health/") ? OpenRead.HEALTH : null;
        };
    }

    /** The request's path as the servlet container decoded and normalised it (no query, no ;parameters). */
    private static String path(HttpServletRequest req) {
        String p = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        return p.isEmpty() ? "/" : p;
    }

    private static String words(Set<OpenRead> reads) {
        return reads.stream().sorted().map(OpenRead::word).collect(Collectors.joining(", "));
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
