package io.hactl.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A bench-only Slack-format incoming webhook on 127.0.0.1: answers {@code ok} (HTTP 200) to a
 * POST on its one secret path, as Slack does, and records when each body had arrived
 * (System.nanoTime()) and the body. Any other path gets 404 (a wrong URL shows as a failed
 * alert in the controller's log, not as a message).
 */
final class ChatReceiver implements AutoCloseable {

    /** One message: when its body had been read, and the JSON body. */
    record Message(long arrivedNanos, String body) {
    }

    private final HttpServer server;
    private final String path;
    private final List<Message> messages = new ArrayList<>();

    ChatReceiver() throws IOException {
        path = "/services/TBENCH/BBENCH/" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                long at = System.nanoTime();
                if (!"POST".equals(ex.getRequestMethod()) || !path.equals(ex.getRequestURI().getPath())) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                synchronized (messages) {
                    messages.add(new Message(at, new String(body, StandardCharsets.UTF_8)));
                }
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            }
        });
        server.start();
    }

    /** The webhook URL (its path is the secret, as Slack's are): written to a 0600 url_file, never printed. */
    String url() {
        return "http://127.0.0.1:" + port() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The first message at or after {@code fromNanos} whose body contains {@code text}. */
    Optional<Message> firstAfter(long fromNanos, String text) {
        synchronized (messages) {
            return messages.stream().filter(m -> m.arrivedNanos() >= fromNanos && m.body().contains(text)).findFirst();
        }
    }

    int count() {
        synchronized (messages) {
            return messages.size();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
