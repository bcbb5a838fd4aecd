package io.hactl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.Ipv4;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Host} header is not this controller's address, before any
 * token is looked at: a web page on another site can point a name it owns at 127.0.0.1 (DNS
 * rebinding) and then read the open reads with the victim's browser, which sends
 * {@code Host: that-name}. Accepted: {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the
 * configured {@code controller.listen} address, and, when it listens on every address
 * (0.0.0.0), any address literal (a rebinding needs a name); each with the port the request
 * came in on. A foreign Host is 421 (Misdirected Request), none at all 400, each with a JSON
 * {@link ApiError} naming the address to use.
 */
public final class HostFilter extends OncePerRequestFilter {

    private final String listenAddress;
    private final ObjectMapper mapper;

    public HostFilter(String listenAddress, ObjectMapper mapper) {
        this.listenAddress = listenAddress == null ? "127.0.0.1" : listenAddress;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String host = req.getHeader("Host");
        int port = req.getLocalPort();
        if (host == null || host.isBlank()) {
            deny(res, 400, new ApiError("bad-request", "no Host header: send Host: " + useAddress() + ":" + port
                    + " (any HTTP/1.1 client does)"));
            return;
        }
        if (!allowed(host.strip(), port)) {
            deny(res, 421, new ApiError("misdirected", "Host '" + printable(host) + "' is not this controller's"
                    + " address: it answers to http://" + useAddress() + ":" + port + " (controller.listen), and to"
                    + " localhost, 127.0.0.1 or [::1] on port " + port + "; another name that leads here (a web page's"
                    + " DNS rebinding) is refused. Use http://" + useAddress() + ":" + port));
            return;
        }
        chain.doFilter(req, res);
    }

    /** Whether {@code hostHeader} ({@code name:port}, {@code [v6]:port}) names this controller on {@code port}. */
    boolean allowed(String hostHeader, int port) {
        String name;
        String portText;
        if (hostHeader.startsWith("[")) {
            int close = hostHeader.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = hostHeader.substring(1, close);
            String rest = hostHeader.substring(close + 1);
            if (!rest.startsWith(":") || !name.matches("[0-9A-Fa-f:.]+")) {
                return false;
            }
            portText = rest.substring(1);
        } else {
            int colon = hostHeader.lastIndexOf(':');
            if (colon < 0 || hostHeader.indexOf(':') != colon) {
                return false;   // no port, or an IPv6 address without brackets
            }
            name = hostHeader.substring(0, colon);
            portText = hostHeader.substring(colon + 1);
        }
        if (!portText.equals(Integer.toString(port))) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("localhost") || n.equals("127.0.0.1") || n.equals("::1") || n.equals(listenAddress)) {
            return true;
        }
        return wildcard() && (Ipv4.isAddress(n) || n.contains(":") && n.matches("[0-9a-f:.]+"));
    }

    private boolean wildcard() {
        return listenAddress.equals("0.0.0.0") || listenAddress.equals("::");
    }

    private String useAddress() {
        return wildcard() ? "127.0.0.1" : listenAddress;
    }

    /** The header as sent, cut short and without control characters: it is the client's text. */
    private static String printable(String text) {
        String t = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }

    private void deny(HttpServletResponse res, int status, ApiError body) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getOutputStream().write(mapper.writeValueAsBytes(body));
    }
}
