package io.hactl.probe;

import io.hactl.model.PeerView;
import io.hactl.node.CommandResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the other node sees a node the controller gets nothing from (no ping, no shell): one short
 * script sent to the other node's shell (on stdin), every check at once and each bounded by one
 * second: one ping, and a TCP connect to the node's ssh port, database port and each service port
 * (bash's {@code /dev/tcp} under {@code timeout 1}: the nodes have bash and coreutils, not always
 * nc). "The controller is cut off" and "the node is lost" are then told apart (issue 14).
 */
final class PeerLook {

    /** The whole look, ssh round trip included: the checks take about one second in parallel. */
    static final Duration TIMEOUT = Duration.ofMillis(2000);

    private PeerLook() {
    }

    /** The script: {@code address} pinged, {@code sshPort} then {@code ports} tried, all in parallel. */
    static String script(String address, int sshPort, List<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        sb.append("A=").append(NodeScript.quote(address)).append('\n');
        sb.append("command -v bash >/dev/null 2>&1 || { echo \"@@ERROR bash is not installed on $(hostname):"
                + " the TCP checks need it\"; exit 0; }\n");
        sb.append("if command -v ping >/dev/null 2>&1; then { ping -n -q -c 1 -W 1 -- \"$A\" >/dev/null 2>&1"
                + " && echo '@@PING 1' || echo '@@PING 0'; } & else echo '@@PING 0'; fi\n");
        sb.append("for p in ").append(String.join(" ", all(sshPort, ports).stream().map(String::valueOf).toList()))
                .append("; do { timeout 1 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$A\" \"$p\" >/dev/null 2>&1"
                + " && echo \"@@PORT $p 1\" || echo \"@@PORT $p 0\"; } & done\n");
        sb.append("wait\n");
        return sb.toString();
    }

    /** The view from {@code from}: what answered, or why the look failed (then it confirms nothing). */
    static PeerView parse(String from, CommandResult r, int sshPort, List<Integer> ports) {
        if (r == null || !r.ok()) {
            String why = r == null ? "no answer" : r.err() == null || r.err().isBlank() ? "exit " + r.exit()
                    : r.err().strip();
            return new PeerView(from, false, false, Map.of(), from + "'s shell: " + why);
        }
        Boolean ping = null;
        Map<Integer, Boolean> open = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            String l = line.strip();
            if (l.startsWith("@@ERROR ")) {
                return new PeerView(from, false, false, Map.of(), l.substring("@@ERROR ".length()));
            }
            String[] t = l.split(" ");
            if (t.length == 2 && t[0].equals("@@PING")) {
                ping = t[1].equals("1");
            } else if (t.length == 3 && t[0].equals("@@PORT") && t[1].matches("\\d+")) {
                open.put(Integer.valueOf(t[1]), t[2].equals("1"));
            }
        }
        for (int p : all(sshPort, ports)) {
            if (!open.containsKey(p)) {
                return new PeerView(from, false, false, Map.of(), "no answer for port " + p);
            }
        }
        if (ping == null) {
            return new PeerView(from, false, false, Map.of(), "no answer for the ping");
        }
        Map<Integer, Boolean> others = new LinkedHashMap<>();
        for (int p : ports) {
            if (p != sshPort) {
                others.put(p, open.get(p));
            }
        }
        return new PeerView(from, ping, open.get(sshPort), others, null);
    }

    private static Set<Integer> all(int sshPort, List<Integer> ports) {
        Set<Integer> all = new LinkedHashSet<>();
        all.add(sshPort);
        all.addAll(ports);
        return all;
    }
}
