package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks shared by the lab's integration tests. */
final class LabAssertions {

    private LabAssertions() {
    }

    static CommandResult sh(String command) {
        return LocalShell.exec("test", List.of("sh", "-c", command), command, null, Duration.ofSeconds(30));
    }

    /** OpenSSH client, strict host key checking against the lab's known_hosts, nothing read from or written to ~/.ssh. */
    static CommandResult ssh(Lab lab, String address, String command) {
        Path d = lab.dir();
        return LocalShell.exec("test", List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + d.resolve("ssh/known_hosts"),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
                "-i", d.resolve("ssh/id_ed25519").toString(), "root@" + address, command), "ssh " + address + " " + command,
                null, Duration.ofSeconds(30));
    }

    /** A row written on n1 shows up on n2 (bounded wait). */
    static void replicationWorks(Lab lab, String label) {
        String note = label + " " + System.nanoTime(); // unique: a lab kept (HACTL_LAB_KEEP=1) has earlier runs' rows
        lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'")
                        .strip()).isEqualTo("1"));
    }

    /** The baseline heal() promises. */
    static void atBaseline(Lab lab, String note) {
        LabStatus s = lab.status();
        assertThat(s.allUp()).as(s.render()).isTrue();
        assertThat(s.node("n1").linkUp()).isTrue();
        assertThat(s.node("n2").linkUp()).isTrue();
        assertThat(s.node("n1").forwarding()).isTrue();
        assertThat(s.node("n2").forwarding()).isTrue();
        assertThat(s.witness().linkUp()).isTrue();
        assertThat(s.witness().forwarding()).isTrue();
        assertThat(s.zookeeper().allServing()).as(s.zookeeper().modes()).isTrue();
        assertThat(s.node("n1").addresses()).containsExactlyInAnyOrder("198.51.100.11/24", "198.51.100.89/24",
                "198.51.100.88/24");
        assertThat(s.node("n2").addresses()).containsExactly("198.51.100.12/24");
        assertThat(s.node("n1").alive("backend")).isTrue();
        assertThat(s.node("n1").alive("tomcat")).isTrue();
        assertThat(s.node("n2").alive("backend")).isFalse();
        assertThat(s.node("n2").alive("tomcat")).isFalse();
        assertThat(lab.sqlAsRoot("n1", "SELECT @@read_only").strip()).isEqualTo("0");
        assertThat(lab.sqlAsRoot("n1", "SHOW SLAVE STATUS")).isBlank();
        assertThat(lab.sqlAsRoot("n2", "SELECT @@read_only").strip()).isEqualTo("1");
        String slave = lab.sqlAsRoot("n2", "SHOW SLAVE STATUS");
        assertThat(slave).contains("198.51.100.11").contains("Slave_Pos");
        replicationWorks(lab, note);
        // caught up: n2 has applied all of n1's binlog
        String pos = lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip();
        assertThat(lab.sqlAsRoot("n2", "SELECT MASTER_GTID_WAIT('" + pos + "', 5)").strip()).isEqualTo("0");
        assertThat(Lab.httpStatus("198.51.100.88", 8080)).isEqualTo(200);
        assertThat(Lab.httpStatus("198.51.100.11", 9090)).isEqualTo(200);
    }

    /** No namespace, link, process, mount or directory of the lab is left. */
    static void nothingLeft(Lab lab) throws IOException {
        assertThat(sh("ip netns list").out()).doesNotContain("hactl-");
        assertThat(sh("ip -o link show").out()).doesNotContain("hactl-");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(lab.dir().toString());
        assertThat(lab.dir()).doesNotExist();
        assertThat(processesWithLabDir(lab)).isEmpty();
    }

    static List<String> processesWithLabDir(Lab lab) {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (long pid : Procs.all()) {
            String cmd = Procs.cmdline(pid);
            if (pid != self && cmd.contains(lab.dir().toString()) && Procs.alive(pid)) {
                found.add(pid + " " + cmd);
            }
        }
        return found;
    }
}
