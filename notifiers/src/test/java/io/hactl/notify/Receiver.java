package io.hactl.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP webhook receiver on 127.0.0.1 (a free port): records every request, answers {@link #status}. */
final class Receiver implements AutoCloseable {

    static final String SECRET_PATH = "/services/T000SECRET/B000SECRET/XyZsecretTOKEN42";
    static final String SECRET_QUERY = "sig=QuerySecret99";

    record Request(String path, String query, String contentType, String body, long nanoTime) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    volatile int status = 200;
    private final HttpServer server;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            attempts.incrementAndGet();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int s = status;
            if (s / 100 == 2) {
                requests.add(new Request(ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                        ex.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
            }
            byte[] answer = (s / 100 == 2 ? "ok" : "receiver says no").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(s, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    /** The webhook URL, with a secret path and query as a real one has. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH + "?" + SECRET_QUERY);
    }

    int received() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
