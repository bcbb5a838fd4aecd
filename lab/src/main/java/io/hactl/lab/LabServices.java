package io.hactl.lab;

import io.hactl.node.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application services on a node, backend and Tomcat, through their ctl scripts in the
 * node's namespace (as hactl runs them over SSH), and whether they answer.
 */
final class LabServices {

    private final LabLayout layout;
    private final LabShell shell;

    LabServices(LabLayout layout, LabShell shell) {
        this.layout = layout;
        this.shell = shell;
    }

    /** Starts backend then tomcat on the node and waits for HTTP 200 from each (Tomcat's through the app VIP on n1). */
    void start(LabNode n) {
        start(n, Lab.SERVICES);
    }

    /**
     * Starts those of backend and tomcat named in {@code which} (their scripts leave a running one alone,
     * but each call is a process: heal names only the ones not running), then waits for HTTP 200 from both.
     */
    void start(LabNode n, List<String> which) {
        for (String s : Lab.SERVICES) {
            if (!which.contains(s)) {
                continue;
            }
            CommandResult r = ctl(n, s, "start");
            if (!r.ok()) {
                throw new LabException(s + "-ctl start " + n + " failed: " + r.out().strip() + " " + r.err().strip());
            }
        }
        String vipOrNode = n.equals(LabNode.N1) ? LabNetwork.APP_VIP : n.address();
        Poll.await("backend on " + n + " to answer HTTP 200 on " + n.address() + ":9090", Duration.ofSeconds(30),
                Poll.EVERY, () -> httpStatus(n.address(), 9090) == 200, () -> LabFiles.tail(layout.backendLog(n), 5));
        Poll.await("tomcat on " + n + " to answer HTTP 200 on " + vipOrNode + ":8080", Duration.ofSeconds(60),
                Poll.EVERY, () -> httpStatus(vipOrNode, 8080) == 200, () -> LabFiles.tail(layout.catalinaOut(n), 5));
    }

    /** Stops one service on the node; a LabException when its script fails. */
    void stop(LabNode n, String service) {
        CommandResult r = ctl(n, service, "stop");
        if (!r.ok()) {
            throw new LabException(service + "-ctl stop " + n + ": " + r.out().strip() + " " + r.err().strip());
        }
    }

    /** {@code backend-ctl|tomcat-ctl start|stop|status NODE} inside the node's namespace. */
    CommandResult ctl(LabNode n, String service, String action) {
        Path script = switch (service) {
            case "backend" -> layout.backendCtl();
            case "tomcat" -> layout.tomcatCtl();
            default -> throw new IllegalArgumentException("no lab service " + service + " (backend, tomcat)");
        };
        return shell.run(n.name(), Duration.ofSeconds(40), null, "ip", "netns", "exec", n.namespace(),
                script.toString(), action, n.name());
    }

    static boolean tcpOpen(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** HTTP status of GET http://address:port/ (no proxy, short timeouts), -1 when there is no answer. */
    static int httpStatus(String address, int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + address + ":" + port + "/")
                    .openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.setUseCaches(false);
            try {
                int code = c.getResponseCode();
                try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
                return code;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }
}
