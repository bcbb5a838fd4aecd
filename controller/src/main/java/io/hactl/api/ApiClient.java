package io.hactl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hactl.config.ControllerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The CLI's side of the REST API (no Spring: commands that use it stay fast). Talks to the configured
 * {@code controller.listen_address}:{@code port} (loopback when the controller listens on every address), plain
 * HTTP. The token goes in the Authorization header only. Over {@link HttpURLConnection}, not java.net.http: its
 * HttpClient starts a selector thread and builds the default TLS context, trust store and all, even for plain
 * HTTP: ~0.4 s of CPU of every {@code hactl status} (issue 20). A POST is sent once: in fixed-length streaming mode
 * HttpURLConnection never sends it again on a dropped connection (an ack must not run twice).
 */
public final class ApiClient {

    /** Made on first use: a quick status ({@link #getText}) reads no JSON and does not start Jackson (~80 ms). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** An answer: the HTTP status and the JSON body (null when the body is not JSON). */
    public record Reply(int status, JsonNode json, String raw) {

        /** The body's {@code message} (ActionResult, ApiError), else the raw body. */
        public String message() {
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
            return raw == null || raw.isBlank() ? "HTTP " + status : raw.strip();
        }

        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** A text answer ({@link #getText}): the HTTP status, the body, and the header asked for (null when absent). */
    public record TextReply(int status, String text, String header) {
    }

    /** Nothing answered: no controller listening, or it did not answer in time. */
    public static final class Unreachable extends Exception {
        private final boolean timedOut;

        Unreachable(String message, boolean timedOut, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        /** True when something accepted the connection but did not answer in time. */
        public boolean timedOut() {
            return timedOut;
        }
    }

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public ApiClient(String host, int port, Duration connectTimeout, Duration requestTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** A client for the controller of this config: its listen address (loopback for a wildcard one) and port. */
    public static ApiClient of(ControllerConfig c, Duration connectTimeout, Duration requestTimeout) {
        ControllerConfig cc = c == null ? ControllerConfig.defaults() : c;
        return new ApiClient(connectHost(cc.listenAddress()), cc.port(), connectTimeout, requestTimeout);
    }

    /** Where the controller is expected ("127.0.0.1:8642"). */
    public String where() {
        return host + ":" + port;
    }

    public Reply get(String path, String token) throws Unreachable {
        return json(send("GET", path, token, null, "application/json", null));
    }

    /** A GET of a text answer ({@code Accept: text/plain}), with the value of the response header {@code header}. */
    public TextReply getText(String path, String token, String header) throws Unreachable {
        return send("GET", path, token, null, "text/plain", header);
    }

    public Reply post(String path, Object body, String token) throws Unreachable {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the request: " + e.getMessage(), e);
        }
        return json(send("POST", path, token, json.getBytes(StandardCharsets.UTF_8), "application/json", null));
    }

    public static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    private static Reply json(TextReply r) {
        JsonNode json = null;
        if (!r.text().isBlank()) {
            try {
                json = Json.MAPPER.readTree(r.text());
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        return new Reply(r.status(), json, r.text());
    }

    /**
     * One request: connect within the connect timeout, the answer's first byte (and each next one) within the
     * request timeout (reads answer from memory; an action's answer may wait for its operation).
     */
    private TextReply send(String method, String path, String token, byte[] body, String accept, String header)
            throws Unreachable {
        String h = host.contains(":") ? "[" + host + "]" : host;
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) URI.create("http://" + h + ":" + port + path).toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException e) {
            throw new Unreachable("no controller answering at " + where() + " (" + e.getMessage() + ")", false, e);
        }
        c.setConnectTimeout((int) Math.max(1, connectTimeout.toMillis()));
        c.setReadTimeout((int) Math.max(1, requestTimeout.toMillis()));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("Accept", accept);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        int status;
        String text;
        String headerValue;
        boolean connected = false;
        try {
            c.setRequestMethod(method);
            if (body != null) {
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
            }
            c.connect();
            connected = true;
            if (body != null) {
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body);
                }
            }
            status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            headerValue = header == null ? null : c.getHeaderField(header);
        } catch (SocketTimeoutException e) {
            if (!connected) {
                throw new Unreachable("no controller answering at " + where() + " (connect timed out)", false, e);
            }
            throw new Unreachable("the controller at " + where() + " did not answer within "
                    + requestTimeout.toMillis() + " ms", true, e);
        } catch (ConnectException e) {
            throw new Unreachable("controller not running at " + where(), false, e);
        } catch (IOException e) {
            throw new Unreachable("no controller answering at " + where() + " (" + e.getMessage() + ")", false, e);
        } finally {
            c.disconnect();
        }
        return new TextReply(status, text, headerValue);
    }

    static String connectHost(String listenAddress) {
        if (listenAddress == null || listenAddress.isBlank() || listenAddress.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (listenAddress.equals("::") || listenAddress.equals("[::]")) {
            return "::1";
        }
        return listenAddress.startsWith("[") ? listenAddress.substring(1, listenAddress.length() - 1) : listenAddress;
    }
}
