package io.hactl.probe;

import io.hactl.model.NodeProbe;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ICMP reachability from this machine (iputils ping), bounded by the timeout. */
public final class PingProbe {

    private static final Pattern RTT = Pattern.compile("time[=<]([0-9.]+) ms");

    private PingProbe() {
    }

    public static NodeProbe.PingResult ping(String address, Duration timeout) {
        CommandResult r = LocalShell.exec("local", argv(address, timeout), "ping " + address, null,
                timeout.plusMillis(500));
        return parse(r);
    }

    /** ping's argv: one echo request, numeric, quiet, waiting at most {@code timeout}; the address after {@code --}. */
    static List<String> argv(String address, Duration timeout) {
        String wait = String.format(Locale.ROOT, "%.1f", Math.max(0.2, timeout.toMillis() / 1000.0));
        return List.of("ping", "-n", "-q", "-c", "1", "-W", wait, "--", address);
    }

    static NodeProbe.PingResult parse(CommandResult r) {
        if (r.exit() == 0) {
            Matcher m = Pattern.compile("= ([0-9.]+)/").matcher(r.out());
            Matcher t = RTT.matcher(r.out());
            Double rtt = m.find() ? Double.valueOf(m.group(1)) : t.find() ? Double.valueOf(t.group(1)) : null;
            return new NodeProbe.PingResult(true, rtt, null);
        }
        if (r.exit() == 1) {
            return new NodeProbe.PingResult(false, null, "no reply");
        }
        String why = (r.err() == null || r.err().isBlank()) ? "ping exited " + r.exit() : r.err().strip();
        return new NodeProbe.PingResult(false, null, why);
    }
}
