package io.hactl.node;

import io.hactl.config.SecretVariables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine with {@code sh -c}, with a timeout (the process is killed after it). */
public final class LocalShell implements NodeShell {

    private final String node;

    public LocalShell(String node) {
        this.node = node;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public CommandResult run(String command, String stdin, Duration timeout) {
        return exec(node, List.of("sh", "-c", command), command, stdin, timeout);
    }

    /** Runs an argv (no shell) locally; {@code shown} is how the command appears in results. */
    public static CommandResult exec(String node, List<String> argv, String shown, String stdin, Duration timeout) {
        long t0 = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = SecretVariables.withheldFrom(new ProcessBuilder(argv));
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(node, shown, -1, "", "cannot start: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (stdin != null) {
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process exited early; its exit code and stderr tell why
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                return new CommandResult(node, shown, -1, out.getNow(""),
                        "timed out after " + timeout.toMillis() + " ms", Duration.ofNanos(System.nanoTime() - t0));
            }
            return new CommandResult(node, shown, p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new CommandResult(node, shown, -1, "", "interrupted", Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            return new CommandResult(node, shown, -1, "", e.toString(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
