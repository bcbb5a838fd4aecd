package io.hactl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hactl.config.ControllerConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's side of the REST API (java.net.http, no Spring: commands that use it stay fast).
 * Talks to the configured {@code controller.listen_address}:{@code port} (loopback when the
 * controller listens on every address). The token goes in the Authorization header only.
 */
public final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
    private final Duration requestTimeout;
    private final HttpClient http;

    public ApiClient(String host, int port, Duration connectTimeout, Duration requestTimeout) {
        this.host = host;
        this.port = port;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
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
        return send(request(path, token).GET().build());
    }

    public Reply post(String path, Object body, String token) throws Unreachable {
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the request: " + e.getMessage(), e);
        }
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private HttpRequest.Builder request(String path, String token) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + h + ":" + port + path))
                .timeout(requestTimeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Reply send(HttpRequest req) throws Unreachable {
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new Unreachable("no controller answering at " + where() + " (connect timed out)", false, e);
        } catch (HttpTimeoutException e) {
            throw new Unreachable("the controller at " + where() + " did not answer within "
                    + requestTimeout.toMillis() + " ms", true, e);
        } catch (ConnectException e) {
            throw new Unreachable("controller not running at " + where(), false, e);
        } catch (IOException e) {
            throw new Unreachable("no controller answering at " + where() + " (" + e.getMessage() + ")", false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking the controller at " + where(), false, e);
        }
        JsonNode json = null;
        String body = r.body();
        if (body != null && !body.isBlank()) {
            try {
                json = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        return new Reply(r.statusCode(), json, body);
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
