package io.hactl.probe;

import io.hactl.model.DbProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one shell script a probe sends to a node (on stdin, so process patterns never
 * appear in a command line that pgrep could match), and the parser for its output.
 * It only reads: interface addresses, the MAC, pgrep per service (and the last lines of the log
 * of a service with no process), whether the database server runs (its pid file and /proc), and ARP
 * replies per VIP (Thomas Habets' arping with
 * sub-second waits, or iputils' arping, whichever is there).
 */
public final class NodeScript {

    /** Which arping a node has ({@code @@ARPING}): Thomas Habets' (sub-second waits), or iputils'. */
    public static final String HABETS = "habets";
    public static final String IPUTILS = "iputils";

    private static final Pattern MAC = Pattern.compile("(?i)\\b([0-9a-f]{2}(?::[0-9a-f]{2}){5})\\b");
    private static final Pattern INET = Pattern.compile("\\binet (\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+");

    private NodeScript() {
    }

    /**
     * @param services service name to process pattern (already expanded for the node)
     * @param vips     VIP addresses to ARP for
     */
    public static String build(String iface, Map<String, String> services, List<String> vips, Duration arpTimeout) {
        return build(iface, services, vips, arpTimeout, Map.of());
    }

    /**
     * As {@link #build(String, Map, List, Duration)}; {@code logs}: service name to its log file (expanded
     * for the node): the last lines of a service with no process are read in the same round trip.
     */
    public static String build(String iface, Map<String, String> services, List<String> vips, Duration arpTimeout,
                               Map<String, String> logs) {
        return build(iface, services, vips, arpTimeout, logs, null);
    }

    /**
     * As {@link #build(String, Map, List, Duration, Map)}; {@code dbPidFile}: the database server's pid file
     * (its {@code @@pid_file}, null when not known yet): whether that server runs is read in the same
     * round trip ({@link #dbProcess}).
     */
    public static String build(String iface, Map<String, String> services, List<String> vips, Duration arpTimeout,
                               Map<String, String> logs, String dbPidFile) {
        return build(iface, services, vips, arpTimeout, logs, dbPidFile, null);
    }

    /**
     * As {@link #build(String, Map, List, Duration, Map, String)}; {@code arping}: which arping the node has, as
     * its last probe said ({@link NodeFacts#arping}: {@link #HABETS}, {@link #IPUTILS}; null: not known yet). When
     * known, the ARP probes start it at once; else, or when it fails as if it were another (a usage error: the
     * node's arping was replaced; not found: removed), they ask which it is (its --help) and say so in an
     * {@code @@ARPING} section, which the caller keeps for the next probe.
     *
     * <p>Issue 20: every command here is a shell builtin but {@code mktemp}, {@code ip}, {@code pgrep} per service,
     * {@code arping} per VIP, {@code rm}, and a log's {@code tail} for a service with no process: a cycle's probes
     * of both nodes run ~40 processes fewer than with {@code cat}, {@code tr}, {@code head}, {@code sed}, {@code
     * cut} and arping's --help each time, the CPU a failover's steps then share on a small node.
     */
    public static String build(String iface, Map<String, String> services, List<String> vips, Duration arpTimeout,
                               Map<String, String> logs, String dbPidFile, String arping) {
        String wait = String.format(Locale.ROOT, "%.2f", Math.max(0.1, arpTimeout.toMillis() / 1000.0));
        int iputilsWait = (int) Math.max(1, Math.ceil(arpTimeout.toMillis() / 1000.0));
        String habets = "arping -i \"$IF\" -r -c 3 -W 0.05 -w " + wait + " \"$1\" >\"$2\" 2>&1";
        String iputils = "arping -D -I \"$IF\" -c 2 -w " + iputilsWait + " \"$1\" >\"$2\" 2>&1";
        StringBuilder sb = new StringBuilder();
        sb.append("IF=").append(quote(iface)).append('\n');
        sb.append("A=").append(knownArping(arping) ? arping : "").append('\n');
        sb.append("T=$(mktemp -d) || exit 90\n");
        sb.append(SHOW);
        if (!vips.isEmpty()) {
            sb.append("arp_probe() {\n");
            sb.append("  case \"$A\" in\n");
            sb.append("    ").append(HABETS).append(") ").append(habets).append("; [ $? -le 1 ] && return ;;\n");
            sb.append("    ").append(IPUTILS).append(") ").append(iputils).append("; [ $? -le 1 ] && return ;;\n");
            sb.append("  esac\n");
            sb.append("  if ! command -v arping >/dev/null 2>&1; then echo 'NO_ARPING: arping is not installed on this"
                    + " node' >\"$2\"; return; fi\n");
            sb.append("  if arping --help 2>&1 | grep -q Habets; then\n");
            sb.append("    echo ").append(HABETS).append(" >\"$T/arping\"; ").append(habets).append('\n');
            sb.append("  else\n");
            sb.append("    echo ").append(IPUTILS).append(" >\"$T/arping\"; ").append(iputils).append('\n');
            sb.append("  fi\n");
            sb.append("}\n");
        }
        int i = 0;
        for (String vip : vips) {
            sb.append("arp_probe ").append(quote(vip)).append(" \"$T/arp").append(i++).append("\" &\n");
        }
        sb.append("echo '@@ADDR'; ip -o -4 addr show 2>&1\n");
        sb.append("echo '@@MAC'; { read -r M <\"/sys/class/net/$IF/address\"; } 2>/dev/null && echo \"$M\"\n");
        for (Map.Entry<String, String> e : services.entrySet()) {
            String log = logs.get(e.getKey());
            sb.append("echo ").append(quote("@@SVC " + e.getKey())).append("; P=$(pgrep -d ' ' -f -- ")
              .append(quote(notItself(e.getValue()))).append("); echo \"$P\"");
            if (log != null) {
                sb.append("; if [ -z \"$P\" ]; then ").append(logTail(e.getKey(), log)).append("; fi");
            }
            sb.append('\n');
        }
        if (dbPidFile != null) {
            sb.append(dbProcess(dbPidFile)).append('\n');
        }
        sb.append("wait\n");
        i = 0;
        for (String vip : vips) {
            sb.append("echo ").append(quote("@@ARP " + vip)).append("; show \"$T/arp").append(i++).append("\"\n");
        }
        if (!vips.isEmpty()) {
            sb.append("if [ -e \"$T/arping\" ]; then echo '@@ARPING'; show \"$T/arping\"; fi\n");
        }
        sb.append("rm -rf \"$T\"\n");
        return sb.toString();
    }

    /**
     * The process pattern, its first character in brackets when that is a plain one ({@code [L]abBackend ...}):
     * it matches what the pattern matches, but not the command line of another probe's pgrep for the same
     * pattern (pgrep leaves out only itself: a check and the controller probing one node at the same moment
     * would each see the other's pgrep as the service running).
     */
    public static String notItself(String pattern) {
        if (pattern.isEmpty()) {
            return pattern;
        }
        char c = pattern.charAt(0);
        boolean plain = Character.isLetterOrDigit(c) && c < 128 || "-_/=:,@%~".indexOf(c) >= 0;
        return plain ? "[" + c + "]" + pattern.substring(1) : pattern;
    }

    private static boolean knownArping(String arping) {
        return HABETS.equals(arping) || IPUTILS.equals(arping);
    }

    /** A file's lines printed by the shell itself (no cat): {@code show FILE}. */
    private static final String SHOW = "show() { while IFS= read -r l || [ -n \"$l\" ]; do printf '%s\\n' \"$l\"; done <\"$1\"; }\n";

    /**
     * The shell commands that print a service's log's last lines as {@code @@LOG NAME} and one
     * {@code |}-marked line each (a log line is never read as a section of this script's output),
     * long lines cut (the rest is cut to {@link LogTail#WIDTH} when read).
     */
    public static String logTail(String service, String log) {
        return "echo " + quote("@@LOG " + service) + "; tail -n " + LogTail.LINES + " -- " + quote(log)
                + " 2>&1 | while IFS= read -r l || [ -n \"$l\" ]; do printf '|%.1200s\\n' \"$l\"; done";
    }

    /**
     * The shell commands that print whether the database server runs, as {@code @@DBPROC PIDFILE} and one
     * line: {@code RUNNING PID} when the pid file names a live process called mariadbd or mysqld (not a
     * zombie), {@code GONE PID} when it names none, {@code NOFILE} when there is no pid file (a clean
     * shutdown removes it; kill -9 leaves it), {@code UNREADABLE} when it cannot be read. By the pid file
     * and /proc, never by a name search: the lab's nodes share one PID space, and a host may run other
     * servers. In a subshell: it sets no variable of the script around it.
     */
    public static String dbProcess(String pidFile) {
        return "echo " + quote("@@DBPROC " + pidFile) + "; (F=" + quote(pidFile) + "; P=; C=; S=;"
                + " if [ ! -e \"$F\" ]; then echo NOFILE; elif [ ! -r \"$F\" ]; then echo UNREADABLE; else"
                + " read -r P <\"$F\"; case \"$P\" in *[!0-9]*) P= ;; esac;"
                + " if [ -n \"$P\" ] && [ -r \"/proc/$P/stat\" ]; then"
                + " { read -r C <\"/proc/$P/comm\"; read -r S <\"/proc/$P/stat\"; } 2>/dev/null;"
                + " S=${S##*) }; S=${S%\"${S#?}\"}; fi;"
                + " case \"$C:$S\" in mariadbd:[!ZX]|mysqld:[!ZX]) echo \"RUNNING $P\";; *) echo \"GONE $P\";; esac; fi)";
    }

    public static NodeFacts parse(String output) {
        List<String> addresses = new ArrayList<>();
        String mac = null;
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        Map<String, List<String>> arp = new LinkedHashMap<>();
        Map<String, String> arpErrors = new LinkedHashMap<>();
        Map<String, List<String>> logs = new LinkedHashMap<>();
        DbProcess dbProcess = null;
        String arping = null;
        String section = "";
        String key = null;
        for (String line : output.split("\n")) {
            if ("LOG".equals(section) && line.startsWith("|")) {
                logs.get(key).add(line.substring(1));
                continue;
            }
            if (line.startsWith("@@")) {
                String[] parts = line.substring(2).split(" ", 2);
                section = parts[0];
                key = parts.length > 1 ? parts[1].strip() : null;
                if ("SVC".equals(section)) {
                    pids.put(key, new ArrayList<>());
                } else if ("ARP".equals(section)) {
                    arp.put(key, new ArrayList<>());
                } else if ("LOG".equals(section)) {
                    logs.put(key, new ArrayList<>());
                }
                continue;
            }
            switch (section) {
                case "ADDR" -> {
                    Matcher m = INET.matcher(line);
                    if (m.find()) {
                        addresses.add(m.group(1));
                    }
                }
                case "MAC" -> {
                    Matcher m = MAC.matcher(line);
                    if (m.find() && mac == null) {
                        mac = m.group(1).toLowerCase(Locale.ROOT);
                    }
                }
                case "SVC" -> {
                    for (String tok : line.trim().split("\\s+")) {
                        if (tok.matches("\\d+")) {
                            pids.get(key).add(Long.parseLong(tok));
                        }
                    }
                }
                case "ARP" -> {
                    if (line.startsWith("NO_ARPING")) {
                        arpErrors.put(key, line.substring(line.indexOf(':') + 1).strip());
                        continue;
                    }
                    for (String m : macs(line)) {
                        if (!arp.get(key).contains(m)) {
                            arp.get(key).add(m);
                        }
                    }
                }
                case "DBPROC" -> dbProcess = dbProcess(key, line.strip());
                case "ARPING" -> {
                    String a = line.strip();
                    if (knownArping(a)) {
                        arping = a;
                    }
                }
                default -> {
                }
            }
        }
        return new NodeFacts(List.copyOf(addresses), mac, pids, arp, arpErrors, logs, dbProcess, arping);
    }

    /** One line of {@link #dbProcess}'s output; null when it tells nothing (unreadable, an empty pid file). */
    private static DbProcess dbProcess(String pidFile, String line) {
        String[] w = line.split("\\s+");
        boolean pid = w.length > 1 && w[1].matches("\\d{1,18}");
        return switch (w[0]) {
            case "NOFILE" -> new DbProcess(false, null, pidFile);
            case "RUNNING" -> pid ? new DbProcess(true, Long.parseLong(w[1]), pidFile) : null;
            case "GONE" -> pid ? new DbProcess(false, Long.parseLong(w[1]), pidFile) : null;
            default -> null;
        };
    }

    /** MACs on one line of arping output (either flavor; the broadcast address excluded). */
    public static List<String> macs(String line) {
        List<String> found = new ArrayList<>();
        Matcher m = MAC.matcher(line);
        while (m.find()) {
            String mac = m.group(1).toLowerCase(Locale.ROOT);
            if (!mac.equals("ff:ff:ff:ff:ff:ff") && !mac.equals("00:00:00:00:00:00")) {
                found.add(mac);
            }
        }
        // iputils: "Unicast reply from VIP [MAC]  0.6ms"; Habets: "60 bytes from MAC (VIP): ..." or raw "MAC"
        return found.isEmpty() ? found : List.of(found.get(0));
    }

    /** Single-quotes for sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
