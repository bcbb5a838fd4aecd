package io.hactl.lab;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The text of every file the lab writes: pure functions of the layout and the node, so
 * they are unit-tested without root.
 */
public final class LabTexts {

    /** Seconds a control script waits after TERM before KILL (below the config's stop_timeout of 30 s). */
    static final int STOP_WAIT_SECONDS = 20;

    /**
     * Appended to the node's conf/catalina.properties (a later key wins): no jar scanning
     * for TLDs and annotations. The lab's webapp is one static page; this takes ~1 s off
     * Tomcat's start.
     */
    public static final String CATALINA_PROPERTIES_ADDITION = """

            # hactl lab: scan no jar for TLDs or annotations (faster start; the lab serves one static page)
            tomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar
            tomcat.util.scan.StandardJarScanFilter.jarsToScan=
            """;

    private LabTexts() {
    }

    /** MariaDB's config for one node. n2 starts read_only (it is the baseline replica). */
    public static String myCnf(LabLayout l, LabNode n) {
        return """
                # MariaDB of lab node %1$s, written by 'hactl lab up'.
                [client]
                socket = %3$s

                [mysqld]
                user = mysql
                datadir = %2$s
                socket = %3$s
                pid-file = %4$s
                log-error = %5$s
                port = 3306
                # all addresses of the node's namespace, VIPs included
                bind-address = 0.0.0.0
                server_id = %6$d
                report_host = %7$s
                log_bin = binlog
                relay_log = relay-bin
                binlog_format = ROW
                log_slave_updates = ON
                gtid_strict_mode = ON
                skip_name_resolve = ON
                # a partitioned replica notices in ~3 s (with MASTER_HEARTBEAT_PERIOD=1), not ~60 s
                slave_net_timeout = 4
                read_only = %8$s
                innodb_buffer_pool_size = 64M
                innodb_log_file_size = 16M
                innodb_buffer_pool_dump_at_shutdown = OFF
                innodb_buffer_pool_load_at_startup = OFF
                performance_schema = OFF
                # probes that open and close TCP connections must not get the controller host blocked
                max_connect_errors = 1000000
                # semi-synchronous replication, the same on both nodes whatever their role (docs/runbook.md):
                # a commit is acknowledged to its client only once the replica has it (AFTER_SYNC), so losing
                # the master's whole node loses no acknowledged write; a node with no replica connected does
                # not wait (wait_no_slave OFF); a silent replica is waited for 10 s, longer than a cut-off
                # master takes to fence itself
                rpl_semi_sync_master_enabled = ON
                rpl_semi_sync_slave_enabled = ON
                rpl_semi_sync_master_wait_point = AFTER_SYNC
                rpl_semi_sync_master_wait_no_slave = OFF
                rpl_semi_sync_master_timeout = 10000
                """.formatted(n.name(), l.dataDir(n), l.socket(n), l.mariadbPid(n), l.errorLog(n),
                n.serverId(), n.address(), n.baselineActive() ? "OFF" : "ON");
    }

    /** sshd's config for one node: key-only root login, hactl's key, host key and pid file under the lab. */
    public static String sshdConfig(LabLayout l, LabNode n) {
        return """
                # sshd of lab node %1$s, written by 'hactl lab up'.
                # Started as: ip netns exec %2$s /usr/sbin/sshd -D -f %3$s -E %4$s
                Port 22
                ListenAddress 0.0.0.0
                AddressFamily inet
                HostKey %5$s
                PidFile %6$s
                AuthorizedKeysFile %7$s
                PermitRootLogin prohibit-password
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                UseDNS no
                StrictModes yes
                PrintMotd no
                PrintLastLog no
                X11Forwarding no
                MaxStartups 64:30:128
                MaxSessions 32
                ClientAliveInterval 5
                ClientAliveCountMax 2
                LogLevel INFO
                Subsystem sftp internal-sftp
                """.formatted(n.name(), n.namespace(), l.sshdConfig(n), l.sshdLog(n), l.hostKey(n),
                l.sshdPid(n), l.authorizedKeys());
    }

    /**
     * ZooKeeper's config for one member of the lab's ensemble (n1, n2 and the witness w, myid
     * 1-3). Ticks of 1 s, half ZooKeeper's default: sessions may be 2-20 s (the controller's
     * default is 6 s), and a leader cut off is noticed by its followers within syncLimit ticks
     * (5 s). The client port is bound to the member's own address; the quorum (2888) and
     * election (3888) ports bind there too, as the member's address in its server line is the
     * only one in its namespace. srvr, ruok and mntr answer ({@code lab status} asks srvr); the
     * admin server is off (its default port 8080 is Tomcat's on the nodes).
     */
    public static String zooCfg(LabLayout l, LabNode n) {
        StringBuilder servers = new StringBuilder();
        for (LabNode m : LabNode.HOSTS) {
            servers.append("server.").append(m.serverId()).append('=').append(m.address()).append(':')
                    .append(LabZookeeper.QUORUM_PORT).append(':').append(LabZookeeper.ELECTION_PORT).append('\n');
        }
        return """
                # ZooKeeper member %1$d of the lab (%2$s, namespace %3$s), written by 'hactl lab up'.
                tickTime=1000
                initLimit=10
                syncLimit=5
                dataDir=%4$s
                dataLogDir=%5$s
                clientPort=%6$d
                clientPortAddress=%7$s
                admin.enableServer=false
                4lw.commands.whitelist=srvr,ruok,mntr
                %8$s""".formatted(n.serverId(), n.name(), n.namespace(), l.zookeeperDataDir(n),
                l.zookeeperDataLogDir(n), LabZookeeper.CLIENT_PORT, n.address(), servers);
    }

    /** The member's myid file: its number in the server lines of {@link #zooCfg}. */
    public static String zookeeperMyid(LabNode n) {
        return n.serverId() + "\n";
    }

    /** One known_hosts line: "198.51.100.11 ssh-ed25519 AAAA..." from a host's .pub file text. */
    public static String knownHostsLine(LabNode n, String hostPublicKey) {
        String[] f = hostPublicKey.strip().split("\\s+");
        if (f.length < 2) {
            throw new IllegalArgumentException("not a public key: " + hostPublicKey);
        }
        return n.address() + " " + f[0] + " " + f[1] + "\n";
    }

    /** hactl's key in authorized_keys, usable from the lab subnet only. */
    public static String authorizedKeysLine(String publicKey) {
        String[] f = publicKey.strip().split("\\s+");
        return "from=\"" + LabNetwork.SUBNET_BASE + "0/" + LabNetwork.PREFIX_LENGTH + "\" " + f[0] + " " + f[1]
                + " hactl-lab\n";
    }

    public static String indexHtml(LabNode n) {
        return "<!DOCTYPE html>\n<html><head><title>hactl lab " + n.name() + "</title></head>"
                + "<body><p>hactl lab " + n.name() + "</p></body></html>\n";
    }

    /** hactl's config for the lab, in the schema of conf/hactl.yml. */
    /** hactl.yml of the lab; {@code operatorTokenSha256}: the hash of the lab operator's token (secrets/operator.token). */
    public static String hactlYml(LabLayout l, String operatorTokenSha256) {
        String d = l.dir().toString();
        return """
                cluster: lab
                nodes:
                  - name: n1
                    address: %2$s
                    interface: eth0
                  - name: n2
                    address: %3$s
                    interface: eth0
                ssh:
                  user: root
                  port: 22
                  key: %4$s
                  known_hosts: %5$s
                  connect_timeout: 2s
                  command_timeout: 10s
                vips:
                  db: %6$s/24
                  app: %7$s/24
                database:
                  port: 3306
                  name: hactl_demo
                  user: hactl
                  password_file: %8$s
                  replication:
                    user: repl
                    password_file: %9$s
                  connect_timeout: 1s
                  read_timeout: 2s
                  error_log: %1$s/{node}/mysql/error.log
                  server:
                    defaults_file: %1$s/{node}/mysql/my.cnf
                    start: %1$s/bin/mariadb-ctl start {node}
                    stop: %1$s/bin/mariadb-ctl stop {node}
                services:
                  - name: backend
                    directory: %1$s/{node}/backend
                    start: %10$s start {node}
                    stop: %10$s stop {node}
                    process: "LabBackendService --node {node}"
                    port: 9090
                    start_timeout: 30s
                    stop_timeout: 30s
                    log: %1$s/{node}/backend/backend.log
                  - name: tomcat
                    directory: %1$s/{node}/tomcat
                    start: %11$s start {node}
                    stop: %11$s stop {node}
                    process: "-Dcatalina.base=%1$s/{node}/tomcat"
                    port: 8080
                    start_timeout: 60s
                    stop_timeout: 30s
                    log: %1$s/{node}/tomcat/logs/catalina.out
                probe:
                  interval: 1s
                  ping_timeout: 1s
                  tcp_timeout: 500ms
                  arp_timeout: 300ms
                backup:
                  directory: %12$s
                  keep_days: 7
                  components:
                    - name: tomcat
                      paths:
                        - %1$s/{node}/tomcat/conf
                        - %1$s/{node}/tomcat/webapps
                    - name: backend
                      paths:
                        - %1$s/{node}/backend
                      exclude: ["*.pid"]
                state_directory: %13$s
                failover:
                  mode: manual
                  down_after: 1s
                  block_period: 1h
                  proposal_expiry: 15m
                controller:
                  listen: 127.0.0.1:8642
                  open_reads: [status, health, metrics, history, proposals]
                  remind_interval: 30m
                  operators:
                    - name: lab
                      token_sha256: %14$s
                """.formatted(d, LabNode.N1.address(), LabNode.N2.address(), l.key(), l.knownHosts(),
                LabNetwork.DB_VIP, LabNetwork.APP_VIP, l.hactlPassword(), l.replPassword(), l.backendCtl(),
                l.tomcatCtl(), l.backupDir(), l.hactlStateDir(), operatorTokenSha256);
    }

    /** The session timeout of the lab's controllers: 3 ticks of the ensemble's tickTime (ZooKeeper allows 2-20 s). */
    public static final String CONTROLLER_SESSION_TIMEOUT = "3s";
    /** One connection attempt of a lab controller: below the session timeout, as the config requires. */
    public static final String CONTROLLER_CONNECTION_TIMEOUT = "1s";

    /**
     * The config of the coordinated controller that runs in {@code n}'s namespace ({@link LabControllers}),
     * derived from the lab's hactl.yml ({@code labYml}), which stays as it is for the host-side tests' one
     * uncoordinated controller: its own state directory (its transition log, its lock), its API on the
     * namespace's own address (the host and the other controllers reach it over the bridge), and
     * {@code controller.coordination} naming the lab's ensemble and this member, with a 3 s session.
     */
    public static String controllerYml(LabLayout l, LabNode n, String labYml) {
        String listen = "  listen: " + n.address() + ":" + io.hactl.config.Defaults.CONTROLLER_PORT;
        String derived = labYml.replaceAll("(?m)^state_directory: .*$",
                        java.util.regex.Matcher.quoteReplacement("state_directory: " + l.controllerStateDir(n)))
                .replaceAll("(?m)^  listen: .*$", java.util.regex.Matcher.quoteReplacement(listen));
        if (!derived.contains(listen) || !derived.contains("state_directory: " + l.controllerStateDir(n))) {
            throw new LabException("the lab's hactl.yml has no 'state_directory:' or no '  listen:' line under"
                    + " controller: to derive " + n + "'s controller config from; run lab up to write it afresh");
        }
        if (!derived.endsWith("\n")) {
            derived += "\n";
        }
        // the controller: section is the file's last: its coordination key goes at its end
        return derived + """
                  coordination:
                    connect: %s
                    member: %s
                    session_timeout: %s
                    connection_timeout: %s
                    password_file: %s
                    epoch_directory: %s
                """.formatted(LabZookeeper.CONNECT_STRING, n.name(), CONTROLLER_SESSION_TIMEOUT,
                CONTROLLER_CONNECTION_TIMEOUT, l.zookeeperPassword(), l.epochDirectory());
    }

    /** The backend's port, as in hactl.yml. */
    public static final int BACKEND_PORT = 9090;

    /** {@code backend-ctl start|stop|status NODE}. */
    public static String backendCtl(LabLayout l, String javaHome) {
        return backendCtl(l, javaHome, BACKEND_PORT);
    }

    /** {@code backend-ctl} with another port (unit tests run it outside a namespace). */
    static String backendCtl(LabLayout l, String javaHome, int port) {
        String vars = """
                export JAVA_HOME=%1$s
                DIR=$LAB/$NODE/backend
                PIDFILE=$DIR/backend.pid
                LOG=$DIR/backend.log
                MARKER="LabBackendService --node $NODE"
                launch() {
                  setsid sh -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" \\
                    "$JAVA_HOME/bin/java" -Xmx24m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \\
                    -cp "$LAB/bin/lab-backend.jar" io.hactl.lab.LabBackendService --node "$NODE" --port %2$d --log "$LOG" \\
                    </dev/null >>"$LOG" 2>&1 &
                }
                """.formatted(javaHome, port);
        return ctlScript(l, "backend", vars);
    }

    /**
     * {@code mariadb-ctl start|stop|status NODE}: the node's mariadbd, detached, as the lab starts it
     * (the config's database.server.start/stop: the physical rebuild stops and starts the server).
     * Start returns once the process exists; hactl waits until the server answers.
     */
    public static String mariadbCtl(LabLayout l) {
        String vars = """
                DIR=$LAB/$NODE/mysql
                PIDFILE=$DIR/mariadbd.pid
                LOG=$DIR/mariadbd.out
                MARKER="--defaults-file=$DIR/my.cnf"
                # UMASK (MariaDB's file creation mode): pid file and error log readable without root.
                # mariadbd (user mysql) rewrites the pid file with the same PID (exec keeps it): the
                # file is given the owner of its directory first.
                launch() {
                  setsid sh -c 'echo $$ > "$0"; chown --reference="${0%/*}" "$0"; exec "$@"' "$PIDFILE" \\
                    env UMASK=0644 mariadbd "--defaults-file=$DIR/my.cnf" </dev/null >>"$LOG" 2>&1 &
                }
                """;
        return ctlScript(l, "mariadb", vars);
    }

    /** {@code tomcat-ctl start|stop|status NODE}: catalina.sh run, detached, in the node's CATALINA_BASE. */
    public static String tomcatCtl(LabLayout l, String javaHome) {
        String vars = """
                export JAVA_HOME=%1$s
                export CATALINA_HOME=%2$s
                export CATALINA_BASE=$LAB/$NODE/tomcat
                export CATALINA_PID=$CATALINA_BASE/catalina.pid
                export CATALINA_TMPDIR=$CATALINA_BASE/temp
                export JAVA_OPTS="-Djava.awt.headless=true -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                DIR=$CATALINA_BASE
                PIDFILE=$CATALINA_PID
                LOG=$CATALINA_BASE/logs/catalina.out
                MARKER="-Dcatalina.base=$CATALINA_BASE"
                # catalina.sh run execs java: the PID written here becomes Tomcat's JVM.
                launch() {
                  setsid sh -c 'echo $$ > "$0"; exec "$1" run' "$PIDFILE" "$CATALINA_HOME/bin/catalina.sh" \\
                    </dev/null >>"$LOG" 2>&1 &
                }
                """.formatted(javaHome, LabLayout.CATALINA_HOME);
        return ctlScript(l, "tomcat", vars);
    }

    private static String ctlScript(LabLayout l, String name, String vars) {
        return """
                #!/bin/bash
                # %1$s-ctl start|stop|status NODE: the lab's "%1$s" service on one node.
                # Written by 'hactl lab up'. hactl runs it over SSH inside the node's network
                # namespace, so it never enters a namespace itself.
                #   start   no-op when running; else starts it detached (setsid, output to the
                #           log), waits only until the process exists, and returns.
                #   stop    no-op when stopped; else TERM to the pid file's PID, up to %3$d s, then KILL.
                #   status  exit 0 running, 3 stopped.
                # Exit 1 on failure, 2 on bad usage. A PID counts only if it is alive (not a
                # zombie) and its command line has this node's MARKER (pid files can be stale).
                set -u
                LAB=%2$s
                NAME=%1$s
                usage() { echo "usage: $0 start|stop|status n1|n2" >&2; exit 2; }
                [ $# -eq 2 ] || usage
                ACTION=$1
                NODE=$2
                case "$NODE" in n1|n2) ;; *) usage ;; esac
                %4$s
                is_ours() {
                  local state
                  [ -r "/proc/$1/stat" ] || return 1
                  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
                  case "$state" in ''|Z|X) return 1 ;; esac
                  tr '\\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$MARKER"
                }
                running_pid() {
                  local pid=""
                  [ -r "$PIDFILE" ] || return 1
                  read -r pid <"$PIDFILE" || true
                  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
                  is_ours "$pid" || return 1
                  echo "$pid"
                }
                # wait_gone PID TENTHS: 0 once PID is gone, 1 if still there after TENTHS/10 s
                wait_gone() {
                  local i=0
                  while is_ours "$1"; do
                    [ "$i" -ge "$2" ] && return 1
                    sleep 0.1
                    i=$((i + 1))
                  done
                  return 0
                }
                case "$ACTION" in
                  start)
                    if pid=$(running_pid); then echo "$NAME on $NODE: already running (pid $pid)"; exit 0; fi
                    rm -f "$PIDFILE"
                    mkdir -p "$DIR" "$(dirname "$LOG")"
                    cd "$DIR" || exit 1
                    launch
                    i=0
                    until pid=$(running_pid); do
                      if [ "$i" -ge 100 ]; then echo "$NAME on $NODE: did not start, see $LOG" >&2; exit 1; fi
                      sleep 0.05
                      i=$((i + 1))
                    done
                    echo "$NAME on $NODE: started (pid $pid)"
                    ;;
                  stop)
                    if ! pid=$(running_pid); then rm -f "$PIDFILE"; echo "$NAME on $NODE: not running"; exit 0; fi
                    kill -TERM "$pid" 2>/dev/null
                    if ! wait_gone "$pid" %5$d; then
                      echo "$NAME on $NODE: pid $pid still running %3$d s after TERM, sending KILL" >&2
                      kill -KILL "$pid" 2>/dev/null
                      wait_gone "$pid" 50 || { echo "$NAME on $NODE: pid $pid survived KILL" >&2; exit 1; }
                    fi
                    rm -f "$PIDFILE"
                    echo "$NAME on $NODE: stopped (was pid $pid)"
                    ;;
                  status)
                    if pid=$(running_pid); then echo "$NAME on $NODE: running (pid $pid)"; exit 0; fi
                    echo "$NAME on $NODE: stopped"
                    exit 3
                    ;;
                  *) usage ;;
                esac
                """.formatted(name, l.dir(), STOP_WAIT_SECONDS, vars.strip(), STOP_WAIT_SECONDS * 10);
    }

    /**
     * Tomcat's server.xml for a lab node, from Debian's: shutdown port disabled (-1), one
     * HTTP/1.1 connector on 8080 on all addresses (no {@code address}), other connectors
     * (AJP, TLS) removed, the APR listener removed (no native library here; it only logs
     * noise), no auto-deploy scanning.
     */
    public static String labServerXml(String original) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            Document doc = b.parse(new InputSource(new StringReader(original)));
            Element server = doc.getDocumentElement();
            if (!"Server".equals(server.getTagName())) {
                throw new IllegalArgumentException("server.xml: root element is " + server.getTagName() + ", not Server");
            }
            server.setAttribute("port", "-1");
            for (Element listener : children(server, "Listener")) {
                if (listener.getAttribute("className").endsWith("AprLifecycleListener")) {
                    removeWithIndent(listener);
                }
            }
            int http = 0;
            for (Element service : children(server, "Service")) {
                for (Element c : children(service, "Connector")) {
                    String protocol = c.getAttribute("protocol");
                    boolean isHttp = (protocol.isEmpty() || protocol.contains("HTTP/1.1") || protocol.contains("Http11"))
                            && !"true".equalsIgnoreCase(c.getAttribute("SSLEnabled"));
                    if (isHttp && http == 0) {
                        c.setAttribute("port", "8080");
                        c.removeAttribute("address");
                        http++;
                    } else {
                        removeWithIndent(c);
                    }
                }
                for (Element engine : children(service, "Engine")) {
                    for (Element host : children(engine, "Host")) {
                        host.setAttribute("autoDeploy", "false");
                    }
                }
            }
            if (http == 0) {
                throw new IllegalArgumentException("server.xml has no HTTP/1.1 Connector to use");
            }
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            String s = out.toString();
            // The transformer glues the declaration to the first node; keep a newline after it.
            return s.replaceFirst("\\?><", "?>\n<") + (s.endsWith("\n") ? "" : "\n");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot edit server.xml: " + e.getMessage(), e);
        }
    }

    private static java.util.List<Element> children(Element parent, String tag) {
        java.util.List<Element> list = new java.util.ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                list.add(e);
            }
        }
        return list;
    }

    private static void removeWithIndent(Element e) {
        Node prev = e.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getTextContent().isBlank()) {
            prev.getParentNode().removeChild(prev);
        }
        e.getParentNode().removeChild(e);
    }
}
