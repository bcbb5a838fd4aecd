package io.hactl.lab;

import static io.hactl.lab.LabAssertions.atBaseline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each fault helper does what it says, and heal() brings the lab back to its baseline. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class LabFaultsIT {

    private static int counter;

    private static List<String> healAndCheck(Lab lab, String fault) {
        long t = System.nanoTime();
        List<String> actions = lab.heal();
        System.out.printf(Locale.ROOT, "[lab-figure] heal after %s %.2f s: %s%n", fault, (System.nanoTime() - t) / 1e9,
                actions);
        assertThat(actions).noneMatch(a -> a.contains("lab up"));
        atBaseline(lab, "faults-" + (++counter));
        return actions;
    }

    /** Whatever a test did or failed to do, the next one starts from the baseline. */
    @AfterEach
    void baseline(Lab lab) {
        lab.heal();
        atBaseline(lab, "after-" + (++counter));
    }

    private static String slaveIo(Lab lab) {
        String s = lab.sqlAsRoot("n2", "SHOW SLAVE STATUS");
        return s.split("\t").length > 10 ? s.split("\t")[10] : "";
    }

    @Test
    void healOnTheBaselineDoesNothing(Lab lab) {
        long t = System.nanoTime();
        assertThat(lab.heal()).isEmpty();
        System.out.printf(Locale.ROOT, "[lab-figure] heal at baseline %.2f s%n", (System.nanoTime() - t) / 1e9);
    }

    @Test
    void killMasterMariadb(Lab lab) {
        long pid = lab.status().node("n1").component("mariadb").pid();
        assertThat(lab.killMariadb("n1")).isTrue();
        assertThat(Procs.alive(pid)).isFalse();
        assertThat(lab.killMariadb("n1")).isFalse();
        assertThat(lab.status().node("n1").alive("mariadb")).isFalse();
        // the replica notices at once (connection refused) and keeps retrying
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> slaveIo(lab).equals("Connecting"));
        healAndCheck(lab, "kill -9 n1 mariadbd");
    }

    @Test
    void killAndRestartReplicaMariadbResumesReplication(Lab lab) {
        assertThat(lab.killMariadb("n2")).isTrue();
        lab.startMariadb("n2");
        lab.startMariadb("n2"); // no-op when running
        assertThat(lab.status().node("n2").alive("mariadb")).isTrue();
        LabAssertions.replicationWorks(lab, "replica-restarted");
        healAndCheck(lab, "kill -9 n2 mariadbd + start");
    }

    @Test
    void linkDownCutsTheNodeOff(Lab lab) {
        lab.linkDown("n1");
        assertThat(lab.status().node("n1").linkUp()).isFalse();
        assertThat(lab.status().allUp()).isFalse();
        assertThat(lab.nsExec("n1", "ip", "-o", "link", "show", "eth0").out()).contains("NO-CARRIER");
        assertThat(Lab.tcpOpen("198.51.100.11", 3306)).isFalse();
        assertThat(Lab.httpStatus("198.51.100.88", 8080)).isEqualTo(-1);
        // slave_net_timeout=4 + heartbeat 1 s: the replica notices within seconds
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !slaveIo(lab).equals("Yes"));
        lab.linkUp("n1");
        // the kernel updates the veth's operstate asynchronously (linkwatch): up within a moment, not at once
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lab.status().node("n1").linkUp());
        lab.linkDown("n1");
        healAndCheck(lab, "link down n1");
    }

    /**
     * A member cut off a moment before heal would answer "follower" when its link is back and could be
     * dropped by its leader up to syncLimit ticks after the cut began: heal resets its quorum connections
     * (it rejoins afresh) instead of waiting that out, and the ensemble then serves without a break for
     * that whole window.
     */
    @Test
    void aMemberCutOffAMomentAgo_healResetsItsQuorumConnections_theEnsembleThenServesWithoutABreak(Lab lab) {
        lab.linkDown("n1");
        long t = System.nanoTime();
        List<String> actions = healAndCheck(lab, "link down n1 a moment ago");
        double took = (System.nanoTime() - t) / 1e9;
        if (took < LabZookeeper.STALE_AFTER.toSeconds() - 1) { // the cut still young when heal reached the ensemble
            assertThat(actions).anyMatch(a -> a.startsWith("reset the ZooKeeper quorum connections of [n1]"));
        }
        await().during(LabZookeeper.STALE_AFTER).atMost(LabZookeeper.STALE_AFTER.plusSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> lab.zookeeper().allServing());
    }

    /** Issue 16's "the master's whole node away": eth0 set down inside hactl-n1 (not the host end). */
    @Test
    void eth0DownInsideTheMastersNamespace_healRepairsInPlace(Lab lab) {
        lab.nsExec("n1", "ip", "link", "set", "eth0", "down");
        assertThat(Lab.tcpOpen("198.51.100.11", 3306)).isFalse();
        assertThat(lab.status().allUp()).isFalse();
        healAndCheck(lab, "eth0 down inside n1");
    }

    @Test
    void isolatedMasterKeepsItsCarrier(Lab lab) {
        lab.isolate("n1");
        LabStatus s = lab.status();
        assertThat(s.node("n1").linkUp()).isTrue();
        assertThat(s.node("n1").forwarding()).isFalse();
        assertThat(s.allUp()).isFalse();
        assertThat(lab.nsExec("n1", "ip", "-o", "link", "show", "eth0").out()).contains("LOWER_UP");
        assertThat(Lab.tcpOpen("198.51.100.11", 3306)).isFalse();
        assertThat(lab.nsExec("n2", "ping", "-c", "1", "-W", "1", "198.51.100.11").exit()).isNotZero();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !slaveIo(lab).equals("Yes"));
        lab.rejoin("n1");
        assertThat(Lab.tcpOpen("198.51.100.11", 3306)).isTrue();
        lab.isolate("n1");
        healAndCheck(lab, "n1 isolated");
    }

    @Test
    void linkDownReplica(Lab lab) {
        lab.linkDown("n2");
        assertThat(Lab.tcpOpen("198.51.100.12", 22)).isFalse();
        healAndCheck(lab, "link down n2");
    }

    @Test
    void vipOnBothNodes(Lab lab) {
        lab.addVip("n2", "198.51.100.89");
        lab.addVip("n2", "198.51.100.89/24"); // no-op when present
        assertThat(lab.status().node("n2").addresses()).contains("198.51.100.89/24");
        assertThat(lab.status().node("n1").addresses()).contains("198.51.100.89/24");
        healAndCheck(lab, "db VIP on both");
    }

    @Test
    void vipRemovedFromN1AndAStrayAddress(Lab lab) {
        lab.removeVip("n1", "198.51.100.88");
        lab.removeVip("n1", "198.51.100.88"); // no-op when absent
        assertThat(lab.status().node("n1").addresses()).doesNotContain("198.51.100.88/24");
        assertThat(Lab.httpStatus("198.51.100.88", 8080)).isEqualTo(-1);
        lab.addVip("n2", "198.51.100.77");
        healAndCheck(lab, "app VIP removed, stray address on n2");
    }

    @Test
    void servicesStopped(Lab lab) {
        assertThat(lab.serviceCtl("n1", "tomcat", "stop").ok()).isTrue();
        assertThat(lab.serviceCtl("n1", "backend", "stop").ok()).isTrue();
        assertThat(lab.serviceCtl("n2", "backend", "start").ok()).isTrue();
        assertThat(lab.status().node("n1").alive("tomcat")).isFalse();
        healAndCheck(lab, "services stopped on n1, backend started on n2");
    }

    @Test
    void errantTransactionOnTheReplicaGetsItRebuilt(Lab lab) {
        // root ignores read_only: a local write on n2 gives it a GTID n1 never had
        lab.sqlAsRoot("n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant')");
        assertThat(lab.sqlAsRoot("n2", "SELECT @@gtid_binlog_state")).contains("0-2-");
        assertThat(healAndCheck(lab, "errant GTID on n2")).anyMatch(a -> a.contains("rebuild n2 from n1"));
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='errant'").strip())
                .isEqualTo("0");
    }

    /** CHECKSUM TABLE of every base table of hactl_demo on the node, as "table=sum" lines in table order. */
    private static String checksums(Lab lab, String node) {
        String tables = lab.sqlAsRoot(node, "SELECT GROUP_CONCAT(CONCAT('hactl_demo.`', TABLE_NAME, '`') ORDER BY"
                + " TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='hactl_demo'"
                + " AND TABLE_TYPE='BASE TABLE'").strip();
        return lab.sqlAsRoot(node, "CHECKSUM TABLE " + tables).strip();
    }

    private static String gtid(Lab lab, String node) {
        return lab.sqlAsRoot(node, "SELECT @@gtid_binlog_pos").strip();
    }

    /**
     * Issue 13, defect 8: "lab heal left the two nodes with equal GTIDs and different tables".
     * A row changed on n2 with the binary log off: both nodes have the same GTIDs, so a heal
     * that only compares positions sees a baseline. Heal ends with CHECKSUM TABLE of every
     * table on both nodes, and copies the lab database to n2 when they differ.
     */
    @Test
    void healWithEqualGtidsAndDifferentTablesCopiesTheReplicaUntilChecksumsAreEqual(Lab lab) {
        String note = "heal-checksum-" + System.nanoTime(); // unique: a kept lab has the rows of earlier runs
        lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> lab.sqlAsRoot("n2",
                "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'").strip().equals("1"));
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; UPDATE hactl_demo.demo_writes SET note='changed on n2 only'"
                + " WHERE note='" + note + "'");
        assertThat(gtid(lab, "n2")).isEqualTo(gtid(lab, "n1"));
        assertThat(checksums(lab, "n2")).isNotEqualTo(checksums(lab, "n1"));

        List<String> actions = healAndCheck(lab, "a row changed on n2 without binlog");

        assertThat(actions).anyMatch(a -> a.contains("differ") && a.contains("demo_writes"));
        assertThat(checksums(lab, "n2")).isEqualTo(checksums(lab, "n1"));
        assertThat(gtid(lab, "n2")).isEqualTo(gtid(lab, "n1"));
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'").strip())
                .isEqualTo("1");
    }

    /**
     * A replica whose SQL thread stopped on an event it cannot apply (a database made on n1 with the binary log off,
     * then altered with it on: what the bench generator did, twice a CI run): neither pointing replication at n1
     * again nor a rebuild from n1's binlog gets past that event, so heal gives up on the repair as soon as it sees
     * the thread stopped (not after waiting out 15 s, then 30 s) and runs lab up.
     */
    @Test
    void replicaStoppedOnAnEventItCannotApply_healGivesUpTheRepairAtOnce_labUp(Lab lab) {
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_n1_only; CREATE DATABASE hactl_n1_only");
        lab.sqlAsRoot("n1", "ALTER DATABASE hactl_n1_only COMMENT 'n2 has no such database'");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> slaveSql(lab).equals("No"));

        long t = System.nanoTime();
        List<String> actions = lab.heal();
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "[lab-figure] heal with n2's SQL thread stopped on an event %.2f s: %s%n", seconds,
                actions);

        assertThat(actions).anyMatch(a -> a.contains("lab up"));
        assertThat(actions).as("the repair given up when the thread was seen stopped, not at a timeout")
                .anyMatch(a -> a.contains("its SQL thread stopped")).noneMatch(a -> a.contains(" in 15 s"));
        // the waits alone were 45 s (15 s, then 30 s); a rebuild and lab up are ~20 s on a loaded machine
        assertThat(seconds).as("heal's time (s) with n2's SQL thread stopped: a rebuild and lab up, no waits").isLessThan(40);
        atBaseline(lab, "faults-" + (++counter));
    }

    private static String slaveSql(Lab lab) {
        String[] f = lab.sqlAsRoot("n2", "SHOW SLAVE STATUS").split("\t");
        return f.length > 11 ? f[11] : "";
    }

    /**
     * The way the tester got there: n1 has a change its binlog lacks (a copy loaded with the
     * binary log off, as a rebuild of n1 does), n2 an errant transaction. Rebuilding n2 by
     * replaying n1's binlog gives equal GTIDs and different tables; heal compares and copies.
     */
    @Test
    void healAfterRebuildingFromAnIncompleteBinlogStillEndsWithEqualChecksums(Lab lab) {
        String note = "n1 only " + System.nanoTime();
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        lab.sqlAsRoot("n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant')");

        List<String> actions = healAndCheck(lab, "errant on n2, a row on n1 without binlog");

        assertThat(checksums(lab, "n2")).isEqualTo(checksums(lab, "n1"));
        assertThat(gtid(lab, "n2")).isEqualTo(gtid(lab, "n1"));
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'").strip())
                .isEqualTo("1");
        assertThat(actions).anyMatch(a -> a.contains("differ"));
    }

    @Test
    void switchedRolesAreSwitchedBack(Lab lab) throws Exception {
        // what a switchover leaves: n2 master with a write of its own, n1 its replica, VIPs and services on n2
        String repl = Files.readString(lab.dir().resolve("secrets/repl.password")).strip();
        lab.sqlAsRoot("n1", "SET GLOBAL read_only=ON");
        String pos = lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip();
        assertThat(lab.sqlAsRoot("n2", "SELECT MASTER_GTID_WAIT('" + pos + "', 10)").strip()).isEqualTo("0");
        lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only=OFF;");
        // as hactl's switch does: n1 replicates from its own position, not from a gtid_slave_pos left by earlier roles
        lab.sqlAsRoot("n1", "SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos");
        lab.sqlAsRoot("n1", "CHANGE MASTER TO MASTER_HOST='198.51.100.12', MASTER_USER='repl', MASTER_PASSWORD='" + repl
                + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;");
        lab.sqlAsRoot("n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('written on n2')");
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                    lab.sqlAsRoot("n1", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='written on n2'")
                            .strip().equals("1"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // why n1 did not get n2's row: its replica threads, their errors and both nodes' positions
            throw new AssertionError("n1 did not replicate n2's row in 10 s; n1: " + lab.sqlAsRoot("n1",
                    "SHOW SLAVE STATUS\\G").lines().filter(l -> l.matches(".*(Running|Last_.*Error|Gtid_IO_Pos|"
                    + "Using_Gtid|Master_Host):.*")).map(String::strip).toList() + ", gtid_slave_pos "
                    + lab.sqlAsRoot("n1", "SELECT @@gtid_slave_pos").strip() + "; n2 gtid_binlog_pos "
                    + lab.sqlAsRoot("n2", "SELECT @@gtid_binlog_pos").strip(), e);
        }
        lab.removeVip("n1", "198.51.100.89");
        lab.removeVip("n1", "198.51.100.88");
        lab.addVip("n2", "198.51.100.89");
        lab.addVip("n2", "198.51.100.88");
        lab.serviceCtl("n1", "tomcat", "stop");
        lab.serviceCtl("n1", "backend", "stop");
        lab.serviceCtl("n2", "backend", "start");
        lab.serviceCtl("n2", "tomcat", "start");

        List<String> actions = healAndCheck(lab, "switchover to n2");
        assertThat(actions).noneMatch(a -> a.contains("rebuild"));
        // nothing lost: n1 had replicated n2's write, n2 replicates from n1 again without a rebuild
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='written on n2'").strip())
                .isEqualTo("1");
    }
}
