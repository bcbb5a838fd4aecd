package io.hactl.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller's footprint at idle: {@code bin/hactl controller --config COPY} as its own
 * process (with the systemd unit's {@code HACTL_JAVA_OPTS}), on a healthy lab; once its API
 * says ACTIVE_SYNCED (bounded poll), its CPU time ({@code /proc/PID/stat} utime + stime) over
 * {@code interval} of wall time, and its VmRSS / VmHWM / Threads from {@code /proc/PID/status}
 * at the end. Stopped by its PID (SIGTERM), never by name.
 */
final class IdleFootprint {

    record Result(double cpuPercent, double rssMb, double hwmMb, int threads, long cycles, String javaOpts,
                  long startMillis, int exit) {
    }

    private IdleFootprint() {
    }

    static Result measure(String hactl, Path config, int apiPort, String javaOpts, Duration interval, Path output)
            throws IOException, InterruptedException {
        List<String> argv = List.of(hactl, "controller", "--config", config.toString());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        if (javaOpts != null) {
            env.put("HACTL_JAVA_OPTS", javaOpts);
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String status = null;
            while (System.nanoTime() < deadline && p.isAlive()) {
                status = get(http, "http://127.0.0.1:" + apiPort + "/api/status");
                if (status != null && status.contains("\"ACTIVE_SYNCED\"")) {
                    break;
                }
                Thread.sleep(100);
            }
            if (!p.isAlive() || status == null || !status.contains("\"ACTIVE_SYNCED\"")) {
                throw new IllegalStateException("the controller process (pid " + p.pid() + ") did not report"
                        + " ACTIVE_SYNCED on its API within 90 s" + (p.isAlive() ? "" : " (it exited " + p.exitValue()
                        + ")") + ": see " + output);
            }
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            long pid = p.pid();
            long cpu0 = cpuTicks(pid);
            long w0 = System.nanoTime();
            Thread.sleep(interval.toMillis()); // the measurement interval itself
            long cpu1 = cpuTicks(pid);
            long w1 = System.nanoTime();
            String st = Files.readString(Path.of("/proc/" + pid + "/status"));
            long hz = clockTicks();
            double cpuPercent = 100.0 * (cpu1 - cpu0) / hz / ((w1 - w0) / 1e9);
            String last = get(http, "http://127.0.0.1:" + apiPort + "/api/status");
            long cycles = last == null ? -1 : number(last, "\"cycles\"\\s*:\\s*(\\d+)");
            double rssMb = kb(st, "VmRSS") / 1024.0;
            double hwmMb = kb(st, "VmHWM") / 1024.0;
            int threads = (int) number(st, "(?m)^Threads:\\s+(\\d+)");
            int exit = stop(p);
            return new Result(cpuPercent, rssMb, hwmMb, threads, cycles, javaOpts, startMillis, exit);
        } finally {
            if (p.isAlive()) {
                stop(p);
            }
        }
    }

    /** SIGTERM to the PID, a bounded wait, SIGKILL if it is still there; the exit code. */
    private static int stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static long kb(String status, String key) {
        return number(status, "(?m)^" + key + ":\\s+(\\d+) kB");
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** HACTL_JAVA_OPTS from the systemd unit's Environment= line; null when the unit has none. */
    static String unitJavaOpts(Path unit) throws IOException {
        if (!Files.exists(unit)) {
            return null;
        }
        Matcher m = Pattern.compile("(?m)^Environment=\"HACTL_JAVA_OPTS=([^\"]*)\"").matcher(Files.readString(unit));
        return m.find() ? m.group(1) : null;
    }

    static String describe(Result r) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "CPU %.2f %% of one core", r.cpuPercent()));
        parts.add(String.format(Locale.ROOT, "RSS %.0f MB (peak %.0f MB)", r.rssMb(), r.hwmMb()));
        parts.add(r.threads() + " threads");
        return String.join(", ", parts);
    }
}
