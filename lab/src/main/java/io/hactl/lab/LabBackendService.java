package io.hactl.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lab's second application service, "backend": a tiny HTTP server (JDK httpserver
 * only, no other dependency, so {@code lab up} can copy it into a small jar of its own).
 * It answers {@code GET /} with {@code backend NODE ok} and appends one line per start,
 * request and stop to its log.
 *
 * <pre>java -cp lab-backend.jar io.hactl.lab.LabBackendService --node n1 --port 9090 --log FILE</pre>
 *
 * <p>Keep this class free of nested classes and of other io.hactl classes: the lab copies
 * exactly the {@code LabBackendService*.class} entries.
 */
public final class LabBackendService {

    private final String node;
    private final Path log;
    private final HttpServer server;

    private LabBackendService(String node, int port, Path log) throws IOException {
        this.node = node;
        this.log = log;
        this.server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/", this::handle);
    }

    /** Starts a server (port 0 = any free port); stop it with {@link #stop()}. */
    public static LabBackendService start(String node, int port, Path log) throws IOException {
        LabBackendService s = new LabBackendService(node, port, log);
        s.server.start();
        s.log("start node=" + node + " port=" + s.port() + " pid=" + ProcessHandle.current().pid());
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        log("stop node=" + node);
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        int status;
        byte[] body;
        if ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod())) {
            if ("/".equals(ex.getRequestURI().getPath())) {
                status = 200;
                body = ("backend " + node + " ok\n").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "not found\n".getBytes(StandardCharsets.UTF_8);
            }
        } else {
            status = 405;
            body = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
        }
        // logged before the answer goes out: whoever got the answer finds the line in the log
        log("request " + ex.getRequestMethod() + " " + ex.getRequestURI() + " from "
                + ex.getRemoteAddress().getAddress().getHostAddress() + " status " + status);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
        ex.close();
    }

    private synchronized void log(String line) {
        String text = Instant.now() + " backend " + node + ": " + line + "\n";
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            System.err.print(text);
        }
    }

    public static void main(String[] args) throws IOException {
        String node = null;
        String port = "9090";
        String log = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && !a.equals("--help")) {
                usage("missing value for " + a);
            }
            switch (a) {
                case "--node" -> node = args[++i];
                case "--port" -> port = args[++i];
                case "--log" -> log = args[++i];
                case "--help" -> usage(null);
                default -> usage("unknown option " + a);
            }
        }
        if (node == null || log == null) {
            usage("--node and --log are required");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            usage("--port must be a number");
            return;
        }
        LabBackendService s = start(node, p, Path.of(log));
        Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "backend-stop"));
    }

    private static void usage(String problem) {
        System.err.println((problem == null ? "" : "LabBackendService: " + problem + "\n")
                + "usage: LabBackendService --node NAME [--port 9090] --log FILE");
        System.exit(problem == null ? 0 : 2);
    }
}
