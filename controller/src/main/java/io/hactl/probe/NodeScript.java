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
        String wait = String.format(Locale.ROOT, "%.2f", Math.max(0.1, arpTimeout.toMillis() / 1000.0));
        int iputilsWait = (int) Math.max(1, Math.ceil(arpTimeout.toMillis() / 1000.0));
        StringBuilder sb = new StringBuilder();
        sb.append("IF=").append(quote(iface)).append('\n');
        sb.append("T=$(mktemp -d) || exit 90\n");
        sb.append("arp_probe() {\n");
        sb.append("  if ! command -v arping >/dev/null 2>&1; then echo 'NO_ARPING: arping is not installed on this node' >\"$2\"; return; fi\n");
        sb.append("  if arping --help 2>&1 | grep -q Habets; then\n");
        sb.append("    arping -i \"$IF\" -r -c 3 -W 0.05 -w ").append(wait).append(" \"$1\" >\"$2\" 2>&1\n");
        sb.append("  else\n");
        sb.append("    arping -D -I \"$IF\" -c 2 -w ").append(iputilsWait).append(" \"$1\" >\"$2\" 2>&1\n");
        sb.append("  fi\n");
        sb.append("}\n");
        int i = 0;
        for (String vip : vips) {
            sb.append("arp_probe ").append(quote(vip)).append(" \"$T/arp").append(i++).append("\" &\n");
        }
        sb.append("echo '@@ADDR'; ip -o -4 addr show 2>&1\n");
        sb.append("echo '@@MAC'; cat \"/sys/class/net/$IF/address\" 2>&1\n");
        for (Map.Entry<String, String> e : services.entrySet()) {
            String log = logs.get(e.getKey());
            if (log == null) {
                sb.append("echo ").append(quote("@@SVC " + e.getKey())).append("; pgrep -f -- ")
                  .append(quote(e.getValue())).append(" | tr '\\n' ' '; echo\n");
            } else {
                sb.append("echo ").append(quote("@@SVC " + e.getKey())).append("; P=$(pgrep -f -- ")
                  .append(quote(e.getValue())).append(" | tr '\\n' ' '); echo \"$P\"; if [ -z \"$P\" ]; then ")
                  .append(logTail(e.getKey(), log)).append("; fi\n");
            }
        }
        if (dbPidFile != null) {
            sb.append(dbProcess(dbPidFile)).append('\n');
        }
        sb.append("wait\n");
        i = 0;
        for (String vip : vips) {
            sb.append("echo ").append(quote("@@ARP " + vip)).append("; cat \"$T/arp").append(i++).append("\"\n");
        }
        sb.append("rm -rf \"$T\"\n");
        return sb.toString();
    }

    /**
     * The shell commands that print a service's log's last lines as {@code @@LOG NAME} and one
     * {@code |}-marked line each (a log line is never read as a section of this script's output),
     * long lines cut (the rest is cut to {@link LogTail#WIDTH} when read).
     */
    public static String logTail(String service, String log) {
        return "echo " + quote("@@LOG " + service) + "; tail -n " + LogTail.LINES + " -- " + quote(log)
                + " 2>&1 | cut -b 1-1200 | sed 's/^/|/'";
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
        return "echo " + quote("@@DBPROC " + pidFile) + "; (F=" + quote(pidFile) + "; C=; S=;"
                + " if [ ! -e \"$F\" ]; then echo NOFILE; elif [ ! -r \"$F\" ]; then echo UNREADABLE; else"
                + " P=$(head -n 1 -- \"$F\" | tr -cd '0-9');"
                + " if [ -n \"$P\" ] && [ -r \"/proc/$P/stat\" ]; then C=$(cat \"/proc/$P/comm\" 2>/dev/null);"
                + " S=$(sed 's/^.*) \\(.\\).*$/\\1/' \"/proc/$P/stat\" 2>/dev/null); fi;"
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
                default -> {
                }
            }
        }
        return new NodeFacts(List.copyOf(addresses), mac, pids, arp, arpErrors, logs, dbProcess);
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
