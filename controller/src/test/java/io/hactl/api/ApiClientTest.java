package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's REST client over HttpURLConnection (issue 20: java.net.http's HttpClient and the default TLS context it
 * builds, trust store and all, were ~0.4 s of CPU of every {@code hactl status}, for a plain-http call on loopback).
 * Against a small server of the JDK's: what it sends, what it reads, and its three kinds of "unreachable".
 */
class ApiClientTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HttpServer server(int status, String body, List<String> seen) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", x -> {
            String in = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " auth=" + x.getRequestHeaders().getFirst("Authorization")
                    + " type=" + x.getRequestHeaders().getFirst("Content-Type") + " accept="
                    + x.getRequestHeaders().getFirst("Accept") + " body=" + in);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    private static ApiClient client(int port, Duration timeout) {
        return new ApiClient("127.0.0.1", port, Duration.ofSeconds(1), timeout);
    }

    /** A GET to a port nothing listens on, in a JVM of its own (ApiClientTest's child). */
    public static final class OneGet {
        public static void main(String[] args) throws Exception {
            try {
                client(Integer.parseInt(args[0]), Duration.ofSeconds(1)).get("/api/status", null);
            } catch (ApiClient.Unreachable e) {
                System.out.println("unreachable: " + e.getMessage());
            }
        }
    }

    @Test
    void aRequest_loadsNeitherJavaNetHttp_norATrustStore() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), OneGet.class.getName(),
                String.valueOf(port)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("unreachable: controller not running at 127.0.0.1:" + port)
                .doesNotContain("jdk.internal.net.http.HttpClientImpl", "sun.security.ssl.TrustStoreManager",
                        "java.security.KeyStore ");
    }

    @Test
    void aGet_sendsTheTokenInTheHeader_andReadsTheJsonAnswer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer s = server(200, "{\"state\":\"ACTIVE_SYNCED\"}", seen);
        ApiClient.Reply r = client(s.getAddress().getPort(), Duration.ofSeconds(3)).get("/api/status", "tok-1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.ok()).isTrue();
        assertThat(r.json().get("state").asText()).isEqualTo("ACTIVE_SYNCED");
        assertThat(seen).containsExactly("GET /api/status auth=Bearer tok-1 type=null accept=application/json body=");
    }

    @Test
    void aPost_sendsItsBodyAsJson_andAnErrorAnswerKeepsItsStatusAndMessage() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer s = server(403, "{\"message\":\"token not accepted\"}", seen);
        ApiClient.Reply r = client(s.getAddress().getPort(), Duration.ofSeconds(3)).post("/api/ack", Map.of("id", "p-1"), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("token not accepted");
        assertThat(seen).containsExactly("POST /api/ack auth=null type=application/json accept=application/json body={\"id\":\"p-1\"}");
    }

    @Test
    void aPost_answered401_isA401() throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"hactl\"");
            byte[] b = "{\"message\":\"no bearer token\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(401, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        ApiClient.Reply r = client(s.getAddress().getPort(), Duration.ofSeconds(3)).post("/api/ack", Map.of("id", "p-1"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aPost_isSentOnce_whenTheConnectionDropsWithoutAnAnswer() throws Exception {
        ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        open.add(ss);
        AtomicInteger requests = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket sock = ss.accept()) {
                    InputStream in = sock.getInputStream();
                    byte[] buf = new byte[4096];
                    if (in.read(buf) > 0) {
                        requests.incrementAndGet();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        assertThatThrownBy(() -> client(ss.getLocalPort(), Duration.ofSeconds(3)).post("/api/switchover", Map.of("to", "n2"), "t"))
                .isInstanceOf(ApiClient.Unreachable.class);
        // a second request, if one were sent, would arrive within this
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> requests.get() == 1);
    }

    @Test
    void nothingListening_isAControllerNotRunning() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        ApiClient c = client(port, Duration.ofSeconds(3));
        assertThatThrownBy(() -> c.get("/api/status", null)).isInstanceOf(ApiClient.Unreachable.class)
                .hasMessage("controller not running at 127.0.0.1:" + port)
                .satisfies(e -> assertThat(((ApiClient.Unreachable) e).timedOut()).isFalse());
    }

    @Test
    void aControllerThatAcceptsButDoesNotAnswer_timesOutAfterTheRequestTimeout() throws Exception {
        ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        open.add(ss);
        ApiClient c = client(ss.getLocalPort(), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.get("/api/status", null)).isInstanceOf(ApiClient.Unreachable.class)
                .hasMessage("the controller at 127.0.0.1:" + ss.getLocalPort() + " did not answer within 300 ms")
                .satisfies(e -> assertThat(((ApiClient.Unreachable) e).timedOut()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
}
