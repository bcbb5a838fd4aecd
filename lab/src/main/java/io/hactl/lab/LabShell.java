package io.hactl.lab;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the lab's commands on this machine, each one written to lab.log (argv, exit code,
 * duration, stderr on failure; stdin, where secrets go, never). Programs are resolved to
 * absolute paths: ip, bridge, arping and sysctl live in /usr/sbin, which a root PATH may lack.
 */
final class LabShell {

    private final LabHost host;
    private final LabLog log;

    LabShell(LabHost host, LabLog log) {
        this.host = host;
        this.log = log;
    }

    CommandResult run(String node, Duration timeout, String stdin, String... argv) {
        String shown = String.join(" ", argv);
        CommandResult r = LocalShell.exec(node, resolve(argv), shown, stdin, timeout);
        String line = node + " $ " + shown + (stdin != null ? " <stdin>" : "") + "  -> " + r.exit() + " ("
                + r.elapsed().toMillis() + " ms)";
        if (!r.ok() && r.err() != null && !r.err().isBlank()) {
            line += "\n    " + abbreviate(r.err().strip(), 600).replace("\n", "\n    ");
        }
        log.line(line);
        return r;
    }

    /** {@link #run} within 20 s; a LabException when it fails. */
    void check(String node, String... argv) {
        check(node, Duration.ofSeconds(20), null, argv);
    }

    void check(String node, Duration timeout, String stdin, String... argv) {
        CommandResult r = run(node, timeout, stdin, argv);
        if (!r.ok()) {
            throw new LabException(r.describe());
        }
    }

    /** {@link #run} on the host; a missing device ("Cannot find device") is not a failure. */
    void runIgnoringMissing(String... argv) {
        CommandResult r = run("host", Duration.ofSeconds(10), null, argv);
        if (!r.ok() && !r.err().contains("Cannot find device")) {
            throw new LabException(r.describe());
        }
    }

    /** Starts {@code argv} in the node's namespace in a session of its own, output appended to {@code out}. */
    void spawn(LabNode n, Path out, String... argv) {
        StringBuilder cmd = new StringBuilder(which("ip")).append(" netns exec ").append(n.namespace()).append(' ')
                .append(which("setsid"));
        for (String a : argv) {
            cmd.append(' ').append(shQuote(a));
        }
        cmd.append(" </dev/null >>").append(shQuote(out.toString())).append(" 2>&1 &");
        check(n.name(), Duration.ofSeconds(10), null, "sh", "-c", cmd.toString());
    }

    /** The program's absolute path; a precondition LabException when it is not installed. */
    String which(String program) {
        Path p = host.which(program);
        if (p == null) {
            throw LabException.precondition("program " + program + " not found");
        }
        return p.toString();
    }

    static String shQuote(String s) {
        if (s.matches("[A-Za-z0-9_./=:@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** argv with the program (and the program after "ip netns exec NS") as absolute paths. */
    private List<String> resolve(String... argv) {
        List<String> a = new ArrayList<>(List.of(argv));
        resolveAt(a, 0);
        if (a.size() > 4 && a.get(1).equals("netns") && a.get(2).equals("exec")) {
            resolveAt(a, 4);
        }
        return a;
    }

    private void resolveAt(List<String> a, int i) {
        if (!a.get(i).contains("/")) {
            Path p = host.which(a.get(i));
            if (p != null) {
                a.set(i, p.toString());
            }
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
