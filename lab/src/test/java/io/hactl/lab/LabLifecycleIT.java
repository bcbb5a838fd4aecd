package io.hactl.lab;

import static io.hactl.lab.LabAssertions.nothingLeft;
import static io.hactl.lab.LabAssertions.processesWithLabDir;
import static io.hactl.lab.LabAssertions.replicationWorks;
import static io.hactl.lab.LabAssertions.sh;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** lab up from nothing, again on a running lab, after a killed run; lab down leaves nothing. */
@Tag("lab")
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabLifecycleIT {

    private static void figure(String name, Duration d) {
        System.out.printf(Locale.ROOT, "[lab-figure] %s %.2f s%n", name, d.toNanos() / 1e9);
    }

    @Test
    @Order(1)
    void upFromNothing(Lab lab) throws Exception {
        long t = System.nanoTime();
        lab.down();
        figure("down (running lab)", Duration.ofNanos(System.nanoTime() - t));
        nothingLeft(lab);

        Lab.UpReport r = lab.up();
        figure("up from nothing", r.total());
        assertThat(r.steps()).extracting(Lab.Step::name).startsWith("clean up leftovers").contains("network",
                "replication n2 <- n1", "services on n1");
        assertThat(r.steps().get(0).detail()).isEqualTo("nothing found");

        LabStatus s = lab.status();
        assertThat(s.allUp()).as(s.render()).isTrue();
        System.out.printf(Locale.ROOT, "[lab-figure] RSS %.0f MB%n", s.totalRssKb() / 1024.0);
        assertThat(s.namespaces()).containsExactly("hactl-n1", "hactl-n2", "hactl-w");
        assertThat(r.steps()).extracting(Lab.Step::name).contains("zookeeper start", "zookeeper quorum");
        assertThat(s.zookeeper().allServing()).as(s.zookeeper().modes()).isTrue();
        replicationWorks(lab, "lifecycle-1");

        Path dir = lab.dir();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(Files.getOwner(dir).getName()).isEqualTo("root");
        for (Path secret : List.of(dir.resolve("secrets/hactl.password"), dir.resolve("secrets/repl.password"),
                lab.config(), dir.resolve("ssh/id_ed25519"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets")))).isEqualTo("rwx------");
        assertThat(Files.readString(lab.config())).isEqualTo(LabTexts.hactlYml(lab.layout(), lab.operatorTokenSha256()));
        String password = Files.readString(dir.resolve("secrets/hactl.password"));
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(Files.readString(dir.resolve("lab.log"))).doesNotContain(password)
                .doesNotContain(Files.readString(dir.resolve("secrets/repl.password")));
        // no default route in either node, only the lab subnet
        for (String ns : List.of("hactl-n1", "hactl-n2")) {
            assertThat(sh("ip -n " + ns + " route show").out().strip()).isEqualTo(
                    "198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.1" + ns.charAt(7));
            assertThat(sh("ip -n " + ns + " -6 addr show").out()).isBlank();
        }
        assertThat(sh("ip -n hactl-n1 link show eth0").out()).contains("link/ether 02:00:c6:33:64:0b");
    }

    @Test
    @Order(2)
    void upOnARunningLab(Lab lab) {
        long before = lab.status().node("n1").component("mariadb").pid();
        Lab.UpReport r = lab.up();
        figure("up on a running lab", r.total());
        assertThat(r.steps().get(0).detail()).startsWith("removed").contains("processes", "hactl-n1", "hactl-n2",
                "hactl-w");
        LabStatus s = lab.status();
        assertThat(s.allUp()).as(s.render()).isTrue();
        assertThat(s.node("n1").component("mariadb").pid()).isNotEqualTo(before);
        replicationWorks(lab, "lifecycle-2");
    }

    @Test
    @Order(3)
    void upAfterAKilledRun(Lab lab) {
        // a run killed hard: every process gone by SIGKILL, namespaces, bridge and dir left behind
        LabStatus s = lab.status();
        List<Long> pids = new ArrayList<>();
        for (LabStatus.Node n : s.nodes()) {
            for (LabStatus.Component c : n.components()) {
                if (c.alive()) {
                    pids.add(c.pid());
                }
            }
        }
        assertThat(pids).hasSize(6);
        pids.forEach(p -> Procs.signal(p, true));
        assertThat(Poll.until(Duration.ofSeconds(10), Duration.ofMillis(20),
                () -> pids.stream().noneMatch(Procs::alive))).isTrue();
        assertThat(lab.status().allUp()).isFalse();
        assertThat(lab.dir()).exists();

        Lab.UpReport r = lab.up();
        figure("up after a killed run", r.total());
        LabStatus after = lab.status();
        assertThat(after.allUp()).as(after.render()).isTrue();
        replicationWorks(lab, "lifecycle-3");
    }

    @Test
    @Order(4)
    void downLeavesNothingAndIsIdempotent(Lab lab) throws Exception {
        // an extra process in a namespace (as if someone had a shell there) goes too
        assertThat(sh("ip netns exec hactl-n2 setsid sleep 600 </dev/null >/dev/null 2>&1 &").ok()).isTrue();
        long t = System.nanoTime();
        assertThat(lab.down()).contains("processes");
        figure("down", Duration.ofNanos(System.nanoTime() - t));
        nothingLeft(lab);
        assertThat(processesWithLabDir(lab)).isEmpty();
        assertThat(lab.down()).isEqualTo("nothing");
        assertThat(lab.status().allUp()).isFalse();
        // the extension's heal() after this class brings the lab back for the next one
    }
}
