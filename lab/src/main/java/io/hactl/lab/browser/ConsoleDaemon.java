package io.hactl.lab.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A controller daemon ({@code bin/hactl controller}, its own process, as an operator runs it) on the lab with
 * the web console on: the lab's hactl.yml with its own state directory, its API and console on
 * {@code 127.0.0.1:PORT}, and two console users, an operator and a viewer, whose passwords are made here at
 * random and kept in memory only: the config holds their bcrypt hashes, and no password is ever on a
 * command line, in a file or in a log. {@link #close} ends the daemon (SIGTERM, then SIGKILL).
 */
public final class ConsoleDaemon implements AutoCloseable {

    /** The console's operator (may approve and refuse). */
    public static final String OPERATOR = "olivia";
    /** The console's viewer (sees every page, acts on nothing). */
    public static final String VIEWER = "victor";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A console user's name and password (the password only in memory: never printed by {@link #toString}). */
    public record Login(String name, String password) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Process process;
    private final Path dir;
    private final Path stateDir;
    private final int port;
    private final Login operator;
    private final Login viewer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConsoleDaemon(Process process, Path dir, Path stateDir, int port, Login operator, Login viewer) {
        this.process = process;
        this.dir = dir;
        this.stateDir = stateDir;
        this.port = port;
        this.operator = operator;
        this.viewer = viewer;
    }

    /**
     * Writes {@code dir/hactl.yml} from {@code labConfig} and starts {@code hactl controller} on it; returns
     * once its API answers and it has finished a probe cycle.
     *
     * @param hactl the checkout's bin/hactl
     */
    public static ConsoleDaemon start(Path hactl, Path labConfig, Path where, int port) throws IOException {
        Path dir = Files.createDirectories(where.toAbsolutePath()); // hactl.yml takes absolute paths only
        Path state = Files.createDirectories(dir.resolve("state"));
        Login operator = new Login(OPERATOR, randomPassword());
        Login viewer = new Login(VIEWER, randomPassword());
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
        String yml = Files.readString(labConfig, StandardCharsets.UTF_8);
        if (!yml.contains("\n  listen: ") || !yml.contains("\nstate_directory: ") || yml.contains("\n  users:")) {
            throw new IllegalStateException(labConfig + " is not the lab's hactl.yml as lab up writes it (a"
                    + " 'state_directory:' line, a '  listen:' line under controller:, no users): run bin/hactl lab up");
        }
        yml = yml.replaceAll("(?m)^state_directory: .*$", Matcher.quoteReplacement("state_directory: " + state))
                .replaceAll("(?m)^  listen: .*$", "  listen: 127.0.0.1:" + port)
                .stripTrailing() + "\n"
                // the controller: section is the lab file's last (LabTexts): its users go at its end
                + "  users:\n"
                + user(operator, "operator", bcrypt)
                + user(viewer, "viewer", bcrypt);
        Path cfg = dir.resolve("hactl.yml");
        Files.writeString(cfg, yml, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        Path out = dir.resolve("controller.out");
        Process p = new ProcessBuilder(hactl.toString(), "controller", "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        ConsoleDaemon d = new ConsoleDaemon(p, dir, state, port, operator, viewer);
        try {
            d.awaitStatus("its API on 127.0.0.1:" + port + " and a first probe cycle", START_LIMIT,
                    s -> s.path("cycles").asLong() > 0);
        } catch (RuntimeException e) {
            d.close();
            throw new IllegalStateException("the controller did not start (" + e.getMessage() + "); its output: "
                    + out + ":\n" + d.output(), e);
        }
        return d;
    }

    private static String user(Login u, String role, BCryptPasswordEncoder bcrypt) {
        return "    - name: " + u.name() + "\n      role: " + role + "\n      password_hash: \"" + bcrypt.encode(u.password())
                + "\"\n";
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** {@code http://127.0.0.1:PORT}: the console and the API. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Login operator() {
        return operator;
    }

    public Login viewer() {
        return viewer;
    }

    /** The daemon's state directory: its transition log. */
    public Path stateDirectory() {
        return stateDir;
    }

    /** The daemon's output so far (its start, its logins: never a password). */
    public String output() {
        try {
            return Files.readString(dir.resolve("controller.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** {@code GET /api/status} (an open read from this machine), empty when it does not answer. */
    public Optional<JsonNode> status() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/status"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Polls the status (every 20 ms) until {@code until} holds; that status. */
    public JsonNode awaitStatus(String what, Duration limit, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller exited (" + process.exitValue() + ") waiting for " + what);
            }
            Optional<JsonNode> s = status();
            if (s.isPresent()) {
                last = s.get();
                if (until.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + limit.toSeconds() + " s waiting for " + what
                        + (last == null ? " (no answer)" : " (state " + last.path("state").asText() + ")"));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until the controller's state is {@code state}; the instant it says the state began ({@code since}). */
    public Instant awaitState(String state, Duration limit) {
        JsonNode s = awaitStatus("state " + state, limit, j -> state.equals(j.path("state").asText()));
        return Instant.parse(s.path("since").asText());
    }

    /** Ends the daemon: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Whether the daemon still runs. */
    public boolean alive() {
        return process.isAlive();
    }
}
