package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts of Lab that need no root: preflight, GTID state comparison, quoting, JSON, addresses. */
class LabUnitTest {

    private static LabHost host(boolean root, Set<String> missing, boolean habets) {
        return new LabHost() {
            @Override
            public boolean isRoot() {
                return root;
            }

            @Override
            public Path which(String program) {
                return missing.contains(program) ? null : Path.of("/usr/bin", program);
            }

            @Override
            public boolean hasHabetsArping() {
                return habets;
            }
        };
    }

    private static Lab lab(LabHost h) {
        return new Lab(LabLayout.standard(), s -> { }, h);
    }

    @Test
    void refusesWithoutRoot() {
        assertThatThrownBy(() -> lab(host(false, Set.of(), true)).preflight("up"))
                .isInstanceOf(LabException.class)
                .hasMessage("lab up needs root: it creates network namespaces; run with sudo")
                .extracting(e -> ((LabException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> lab(host(false, Set.of(), true)).up())
                .hasMessageContaining("needs root").extracting(e -> ((LabException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> lab(host(false, Set.of(), true)).down()).hasMessageContaining("lab down needs root");
    }

    @Test
    void namesTheMissingProgramAndItsPackage() {
        assertThatThrownBy(() -> lab(host(true, Set.of("arping"), true)).preflight("up"))
                .hasMessage("lab up needs arping (Debian package arping): run sudo bin/setup-host.sh")
                .extracting(e -> ((LabException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> lab(host(true, Set.of("mariadbd", "sshd"), true)).preflight("up"))
                .hasMessageContaining("mariadbd, sshd")
                .hasMessageContaining("Debian packages mariadb-server, openssh-server")
                .hasMessageContaining("sudo bin/setup-host");
        assertThatThrownBy(() -> lab(host(true, Set.of(), false)).preflight("up"))
                .hasMessageContaining("Habets").hasMessageContaining("not iputils-arping");
        lab(host(true, Set.of(), true)).preflight("up");
    }

    @Test
    void everyRequiredProgramHasAPackage() {
        assertThat(Preflight.REQUIRED_PROGRAMS).containsKeys("ip", "mariadbd", "mariadb-install-db", "mariadb", "sshd",
                "ssh-keygen", "arping", "setsid", "/usr/share/tomcat10/bin/catalina.sh");
        assertThat(Preflight.REQUIRED_PROGRAMS.values()).allMatch(p -> !p.isBlank());
    }

    @Test
    void quotingForTheSpawnShell() {
        assertThat(LabShell.shQuote("/var/lib/hactl-lab/n1/mysql/my.cnf")).isEqualTo("/var/lib/hactl-lab/n1/mysql/my.cnf");
        assertThat(LabShell.shQuote("--defaults-file=/a b")).isEqualTo("'--defaults-file=/a b'");
        assertThat(LabShell.shQuote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void labAddressesOnly() {
        assertThat(LabNetwork.withPrefix("198.51.100.89")).isEqualTo("198.51.100.89/24");
        assertThat(LabNetwork.withPrefix("198.51.100.88/24")).isEqualTo("198.51.100.88/24");
        assertThat(LabNetwork.bare("198.51.100.88/24")).isEqualTo("198.51.100.88");
        for (String bad : List.of("10.0.0.1", "192.168.1.1", "172.16.0.1", "198.51.100.255", "198.51.10.1", "x")) {
            assertThatThrownBy(() -> LabNetwork.withPrefix(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nodes() {
        assertThat(LabNode.of("n1").address()).isEqualTo("198.51.100.11");
        assertThat(LabNode.of("n2").namespace()).isEqualTo("hactl-n2");
        assertThat(LabNode.of("n2").hostVeth()).isEqualTo("hactl-n2-h");
        assertThat(LabNode.N1.mac()).isEqualTo("02:00:c6:33:64:0b");
        assertThat(LabNode.N2.hostMac()).isEqualTo("02:01:c6:33:64:0c");
        assertThatThrownBy(() -> LabNode.of("n3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWitnessIsAThirdNamespaceAt13WithoutADatabase() {
        assertThat(LabNode.host("w")).isEqualTo(LabNode.W);
        assertThat(LabNode.W.address()).isEqualTo("198.51.100.13");
        assertThat(LabNode.W.namespace()).isEqualTo("hactl-w");
        assertThat(LabNode.W.hostVeth()).isEqualTo("hactl-w-h");
        assertThat(LabNode.W.mac()).isEqualTo("02:00:c6:33:64:0d");
        assertThat(LabNode.W.hostMac()).isEqualTo("02:01:c6:33:64:0d");
        assertThat(LabNode.ALL).containsExactly(LabNode.N1, LabNode.N2);
        assertThat(LabNode.HOSTS).containsExactly(LabNode.N1, LabNode.N2, LabNode.W);
        assertThat(LabNode.host("n2")).isEqualTo(LabNode.N2);
        // the database helpers refuse the witness with a sentence naming why and what to use instead
        assertThatThrownBy(() -> LabNode.of("w")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the witness w has no database").hasMessageContaining("n1 or n2");
        assertThatThrownBy(() -> LabNode.host("n3")).hasMessageContaining("n1, n2 and the witness w");
    }

    @Test
    void theLabNeedsMariadbBackupForThePhysicalRebuild() {
        assertThat(Preflight.REQUIRED_PROGRAMS).containsEntry("mariadb-backup", "mariadb-backup")
                .containsEntry("mbstream", "mariadb-backup");
    }

    @Test
    void theLabNeedsDebiansZookeeperPackage() {
        assertThat(Preflight.REQUIRED_PROGRAMS).containsEntry("/usr/share/zookeeper/bin/zkServer.sh", "zookeeper");
        assertThatThrownBy(() -> lab(host(true, Set.of("/usr/share/zookeeper/bin/zkServer.sh"), true)).preflight("heal"))
                .hasMessage("lab heal needs /usr/share/zookeeper/bin/zkServer.sh (Debian package zookeeper): run sudo"
                        + " bin/setup-host.sh");
    }

    @Test
    void setupHostInstallsZookeeper() throws Exception {
        java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("user.dir")).resolve("../bin/setup-host.sh");
        String packages = java.nio.file.Files.readString(script).lines().dropWhile(l -> !l.startsWith("PACKAGES=("))
                .takeWhile(l -> !l.startsWith("if ")).reduce("", (a, b) -> a + " " + b);
        assertThat(packages.split("[\\s()]+")).contains("zookeeper");
    }

}
