package io.hactl.lab;

import static io.hactl.lab.LabAssertions.replicationWorks;
import static io.hactl.lab.LabAssertions.ssh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.node.CommandResult;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What hactl will use on the nodes: SQL over TCP, SSH with strict host keys, HTTP, the control scripts. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class LabNodesIT {

    @Test
    void replicationCarriesARowFromN1ToN2(Lab lab) {
        replicationWorks(lab, "nodes-it");
        assertThat(lab.sqlAsRoot("n2", "SELECT @@read_only, @@server_id").strip()).isEqualTo("1\t2");
        assertThat(lab.sqlAsRoot("n1", "SELECT @@read_only, @@server_id, @@gtid_strict_mode, @@log_bin, @@binlog_format")
                .strip()).isEqualTo("0\t1\t1\t1\tROW");
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note LIKE 'seed %'").strip())
                .isEqualTo("3");
    }

    @Test
    void hactlUserOverTcpThroughTheDbVip(Lab lab) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "hactl");
        p.setProperty("password", Files.readString(lab.dir().resolve("secrets/hactl.password")).strip());
        p.setProperty("connectTimeout", "1000");
        p.setProperty("socketTimeout", "2000");
        try (Connection c = DriverManager.getConnection("jdbc:mysql://198.51.100.89:3306/hactl_demo", p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@server_id, CURRENT_USER()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("hactl@198.51.100.%");
        }
        // the replication user exists on n2 too (replicated, not created there); the lab's two accounts only (a test
        // that sets up a new pair adds hactl@CONTROLLER_IP for a while on a lab kept between runs)
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM mysql.user WHERE user IN ('hactl','repl')"
                + " AND host='198.51.100.%'").strip()).isEqualTo("2");
    }

    @Test
    void sshToBothNodesWithStrictHostKeysShowsVipsOnN1Only(Lab lab) {
        boolean hadDotSsh = Files.exists(Path.of(System.getProperty("user.home"), ".ssh"));
        CommandResult n1 = ssh(lab, "198.51.100.11", "ip -o addr");
        assertThat(n1.exit()).as(n1.err()).isZero();
        assertThat(n1.out()).contains("inet 198.51.100.11/24", "inet 198.51.100.89/24", "inet 198.51.100.88/24");
        CommandResult n2 = ssh(lab, "198.51.100.12", "ip -o addr");
        assertThat(n2.exit()).as(n2.err()).isZero();
        assertThat(n2.out()).contains("inet 198.51.100.12/24").doesNotContain("198.51.100.89").doesNotContain("198.51.100.88");
        if (!hadDotSsh) {
            assertThat(Path.of(System.getProperty("user.home"), ".ssh")).doesNotExist();
        }
        // a node answers as itself: its own namespace, its own host key
        assertThat(ssh(lab, "198.51.100.12", "ip -o link show eth0").out()).contains("02:00:c6:33:64:0c");
    }

    @Test
    void httpFromTheAppVipAndTheBackend() throws Exception {
        assertThat(get("http://198.51.100.88:8080/")).contains("hactl lab n1");
        assertThat(get("http://198.51.100.11:8080/")).contains("hactl lab n1");
        assertThat(get("http://198.51.100.11:9090/")).isEqualTo("backend n1 ok\n");
        assertThat(Lab.httpStatus("198.51.100.12", 8080)).isEqualTo(-1);
        assertThat(Lab.httpStatus("198.51.100.12", 9090)).isEqualTo(-1);
    }

    @Test
    void backendCtlOverSshIsIdempotentAndDetaches(Lab lab) {
        String ctl = lab.dir().resolve("bin/backend-ctl") + " ";
        CommandResult stop = ssh(lab, "198.51.100.11", ctl + "stop n1");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped (was pid");
        assertThat(Lab.httpStatus("198.51.100.11", 9090)).isEqualTo(-1);
        CommandResult stopAgain = ssh(lab, "198.51.100.11", ctl + "stop n1");
        assertThat(stopAgain.exit()).isZero();
        assertThat(stopAgain.out()).contains("not running");
        assertThat(ssh(lab, "198.51.100.11", ctl + "status n1").exit()).isEqualTo(3);

        CommandResult start = ssh(lab, "198.51.100.11", ctl + "start n1");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("started (pid");
        // the ssh session ended although the backend runs on: it is detached from it
        assertThat(start.elapsed()).isLessThan(Duration.ofSeconds(5));
        CommandResult startAgain = ssh(lab, "198.51.100.11", ctl + "start n1");
        assertThat(startAgain.exit()).isZero();
        assertThat(startAgain.out()).contains("already running");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Lab.httpStatus("198.51.100.11", 9090) == 200);
        LabStatus s = lab.status();
        assertThat(s.node("n1").alive("backend")).isTrue();
        assertThat(s.node("n1").component("backend").pid()).isEqualTo(Long.parseLong(
                start.out().replaceAll("(?s).*started \\(pid (\\d+)\\).*", "$1")));
    }

    @Test
    void tomcatCtlOverSshOnThePassiveNode(Lab lab) {
        String ctl = lab.dir().resolve("bin/tomcat-ctl") + " ";
        assertThat(ssh(lab, "198.51.100.12", ctl + "status n2").exit()).isEqualTo(3);
        CommandResult start = ssh(lab, "198.51.100.12", ctl + "start n2");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.elapsed()).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Lab.httpStatus("198.51.100.12", 8080) == 200);
        assertThat(ssh(lab, "198.51.100.12", ctl + "status n2").exit()).isZero();
        CommandResult stop = ssh(lab, "198.51.100.12", ctl + "stop n2");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(Lab.httpStatus("198.51.100.12", 8080)).isEqualTo(-1);
        assertThat(ssh(lab, "198.51.100.12", ctl + "stop n2").out()).contains("not running");
    }

    private static String get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        assertThat(c.getResponseCode()).isEqualTo(200);
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
