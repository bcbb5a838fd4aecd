package io.hactl.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a program with the alert's generic JSON (docs/alerts.md) on its standard input. The
 * argument list is run as given (no shell). Exit 0 is delivery; a non-zero exit, or running
 * longer than the timeout (the program is then killed), is a failure naming the last lines
 * it printed. The environment also carries HACTL_ALERT_SEVERITY, HACTL_ALERT_CLUSTER,
 * HACTL_ALERT_KIND and HACTL_ALERT_SUBJECT, for scripts that do not read JSON. It does not
 * carry hactl's secrets: the variables named as holding one (a {@code password_env}, the
 * operator token) are removed, so a pager script never sees the database password.
 */
public final class CommandNotifier implements Notifier {

    static final int OUTPUT_KEPT = 2048;

    private final List<String> argv;
    private final Duration timeout;
    private final Supplier<Set<String>> withheld;

    /** @param withheld the environment variables the program must not get (asked at each alert) */
    public CommandNotifier(List<String> argv, Duration timeout, Supplier<Set<String>> withheld) {
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("no program to run: give command: [/path/to/program, arg...]");
        }
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.withheld = withheld;
    }

    @Override
    public void send(Alert alert) throws NotifierException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeAll(withheld.get());
        env.put("HACTL_ALERT_SEVERITY", alert.severityLabel());
        env.put("HACTL_ALERT_CLUSTER", alert.cluster());
        env.put("HACTL_ALERT_KIND", alert.kindName());
        env.put("HACTL_ALERT_SUBJECT", alert.subject());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new NotifierException("command " + argv.get(0) + ": cannot start (" + e.getMessage()
                    + "): check the path and that it is executable", false);
        }
        Tail tail = new Tail(p.getInputStream());
        Thread reader = new Thread(tail, "hactl-alert-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(AlertJson.bytes(AlertJson.generic(alert)));
            } catch (IOException e) {
                // the program closed its stdin early; its exit status says whether that was fine
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new NotifierException("command " + argv.get(0) + ": still running after " + timeout.toMillis()
                        + " ms, killed" + tail.said() + ": make it faster or raise the channel's timeout", true);
            }
            reader.join(1000);
            int code = p.exitValue();
            if (code != 0) {
                throw new NotifierException("command " + argv.get(0) + ": exit " + code + tail.said(), true);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NotifierException("command " + argv.get(0) + ": interrupted, killed", false);
        }
    }

    @Override
    public String target() {
        return "command " + argv.get(0);
    }

    /** Keeps the last {@link #OUTPUT_KEPT} bytes a program printed. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[1024];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buf, 0, n);
                        if (kept.size() > 4 * OUTPUT_KEPT) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - OUTPUT_KEPT, OUTPUT_KEPT);
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }

        String said() {
            String s;
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int from = Math.max(0, all.length - OUTPUT_KEPT);
                s = new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
            }
            return s.isEmpty() ? "" : "; it printed: " + s.replace('\n', ' ');
        }
    }
}
