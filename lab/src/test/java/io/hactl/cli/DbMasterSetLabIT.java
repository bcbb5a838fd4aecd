package io.hactl.cli;

import static io.hactl.cli.DbLab.dbCode;
import static io.hactl.cli.DbLab.hactl;
import static io.hactl.cli.DbLab.masterSet;
import static io.hactl.cli.DbLab.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.check.ReportJson;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** db-master-set, db-master-unset and db-sync-check against the real two-node lab; healed after each test. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class DbMasterSetLabIT {

    static final String VIP = "198.51.100.89";

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    @Test
    void switchesBothWaysAndLogsEveryStep(Lab lab) throws Exception {
        CheckLabIT.Run to2 = masterSet(lab, "n2", "--reason", "maintenance of n1");
        assertThat(to2.exit()).as(to2.out()).isZero();
        assertThat(to2.out()).contains("n2 and n1 have the same transactions",
                "db-master-set: done. n2 is the master (writable, DB VIP 198.51.100.89); n1 replicates from it");
        // the GTID memory has both nodes as db-master-set left them, binlog states included
        assertThat(lab.dir().resolve("state/gtid-memory.json")).content()
                .contains("\"n1\"", "\"n2\"", "\"by\" : \"db-master-set\"").doesNotContain("\"binlogState\" : null");
        // the old, write-blocked master keeps the DB VIP behind its reset rule until n2 has added and announced it, then
        // lets it go: a holder at every moment, a client's SYN answered, never dropped (issue 20; decisions.md). The rule
        // is fired with n1's read-only and its step joined right before the add (h20-switch3: not inside the gap's path)
        List<String> steps = DbLab.printedSteps(to2.out());
        assertThat(steps).containsSubsequence("n1 stop tomcat (pids " + pids(to2.out(), "tomcat") + ")", "n1 set read_only=ON (no more writes)",
                "n1 block every write (FLUSH TABLES WITH READ LOCK, in a session of its own; waits at most 5 s for writes"
                        + " that run): read_only does not stop a user with SUPER or READ_ONLY ADMIN",
                "n2 stop replication, forget it (RESET SLAVE ALL)", "n2 set read_only=OFF (writable)",
                "n1 answer new connections to DB VIP 198.51.100.89:3306 with a TCP reset (nft table hactl_fence, fired with"
                        + " its read-only, beside the lock and the catch-up): it keeps the VIP until n2 has announced it",
                "n2 add DB VIP 198.51.100.89/24 and announce it (gratuitous ARP)",
                "n1 end the sessions that waited behind the write lock, then release it",
                "n1 remove DB VIP 198.51.100.89/24 (n2 holds and announced it), then its reset rule (since the commit point,"
                        + " beside the steps above)", "n1 start backend", "n1 start tomcat");
        JsonNode c = DbLab.check(lab);
        assertThat(c.at("/db/code").asText()).isEqualTo("HEALTHY");
        assertThat(c.at("/db/sentence").asText()).startsWith("master n2, replica n1 in sync");
        assertThat(c.at("/snapshot/dbVip/holders").toString()).isEqualTo("[\"n2\"]");
        assertThat(c.at("/snapshot/nodes/0/db/replica/usingGtid").asText()).isEqualTo("Slave_Pos");
        assertThat(c.at("/app/code").asText()).isEqualTo("ACTIVE");

        // every step in the transition log: start and end, who and why
        List<OperationEntry> log = DbLab.lastRun(lab, "db-master-set");
        assertThat(log.get(0).event()).isEqualTo(Event.OPERATION_START);
        assertThat(log.get(log.size() - 1).event()).isEqualTo(Event.OPERATION_END);
        assertThat(log.get(log.size() - 1).result()).isEqualTo("ok");
        assertThat(log).allSatisfy(e -> {
            assertThat(e.who()).isNotBlank();
            assertThat(e.why()).isEqualTo("maintenance of n1");
        });
        List<String> ended = log.stream().filter(e -> e.event() == Event.STEP_END).map(e -> e.node() + " " + e.step()).toList();
        assertThat(ended).isEqualTo(steps);
        long started = log.stream().filter(e -> e.event() == Event.STEP_START).count();
        long skipped = log.stream().filter(e -> "skipped".equals(e.result())).count();
        assertThat(started + skipped).isEqualTo(steps.size());
        assertThat(log).filteredOn(e -> e.event() == Event.STEP_END).allSatisfy(e -> assertThat(e.result()).isIn("ok", "skipped"));

        // again: nothing to do
        CheckLabIT.Run again = masterSet(lab, "n2");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("nothing to do: n2 is already the master");

        CheckLabIT.Run back = masterSet(lab, "n1");
        assertThat(back.exit()).as(back.out()).isZero();
        assertThat(dbCode(lab)).isEqualTo("HEALTHY");
        assertThat(DbLab.check(lab).at("/db/sentence").asText()).startsWith("master n1, replica n2 in sync");
    }

    static String pids(String out, String service) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stop " + service + " \\(pids ([0-9 ]+)\\)").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    @Test
    void dryRunsChangeNothing(Lab lab) throws Exception {
        String before = DbLab.pairState(DbLab.check(lab));
        int logBefore = DbLab.transitions(lab).size();
        CheckLabIT.Run set = masterSet(lab, "n2", "--dry-run");
        assertThat(set.exit()).as(set.out()).isZero();
        assertThat(set.out()).startsWith("config: " + lab.config() + " (--config)\n"
                        + "[dry-run] db-master-set: make n2 the database master")
                .contains("(dry run: not done)", "[dry-run] db-master-set: nothing was changed; run without --dry-run to end with: The plan: make n2 the master");
        assertThat(set.out()).doesNotContain(" ... ok");
        CheckLabIT.Run unset = hactl(lab, "db-master-unset", "--node", "n1", "--dry-run");
        assertThat(unset.exit()).isZero();
        assertThat(unset.out()).contains("remove DB VIP 198.51.100.89/24  (dry run: not done)");
        assertThat(DbLab.pairState(DbLab.check(lab))).isEqualTo(before);
        assertThat(DbLab.transitions(lab)).hasSize(logBefore);
    }

    @Test
    void anErrantTransactionIsRefusedAndForceSyncRestoresReplication(Lab lab) throws Exception {
        // root bypasses read_only: a write on the replica gets n2's own GTID (0-2-N), which n1 lacks
        sql(lab, "n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant on n2')");
        String before = DbLab.pairState(DbLab.check(lab));
        CheckLabIT.Run r = masterSet(lab, "n2");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("REFUSED: the databases are not synchronized: n2 has transactions n1 lacks",
                "n2 has 1 transaction that n1 lacks: 0-2-", "what to do: stop the application, copy n1's data to n2",
                "hactl db-master-set --node n1 --force-sync", "nothing was changed.");
        assertThat(DbLab.pairState(DbLab.check(lab))).isEqualTo(before);
        assertThat(DbLab.lastRun(lab, "db-master-set")).anySatisfy(e -> assertThat(e.event()).isEqualTo(Event.REFUSED));

        CheckLabIT.Run sync = hactl(lab, "db-sync-check", "--tables");
        assertThat(sync.exit()).isEqualTo(1);
        assertThat(sync.out()).contains("GTID: DIFFERENT. n2 has 1 transaction that n1 lacks", "demo_writes", "DIFFERENT");

        // the operator copies n1's data to n2 (here: the errant row removed without a GTID), then --force-sync
        sql(lab, "n2", "SET SESSION sql_log_bin=0; DELETE FROM hactl_demo.demo_writes WHERE note='errant on n2'");
        CheckLabIT.Run fs = masterSet(lab, "n1", "--force-sync");
        assertThat(fs.exit()).as(fs.out()).isZero();
        assertThat(fs.out()).contains("--force-sync", "its own binlog history was dropped (it had 0-2-",
                "n1 is the master (DB VIP 198.51.100.89); n2 replicates from it");
        // n2's binlog is empty now (reset): its position lives in gtid_slave_pos; a switch to it must work
        assertThat(hactl(lab, "db-sync-check", "--tables").exit()).isZero();
        CheckLabIT.Run to2 = masterSet(lab, "n2");
        assertThat(to2.exit()).as(to2.out()).isZero();
        sql(lab, "n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('after force-sync')");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(hactl(lab, "db-sync-check", "--tables").exit()).isZero());
        assertThat(masterSet(lab, "n1").exit()).isZero();
        assertThat(dbCode(lab)).isEqualTo("HEALTHY");
    }

    @Test
    void aLaggingReplicaIsNotPromotedWhenTheMasterIsUnreachable(Lab lab) throws Exception {
        sql(lab, "n2", "STOP SLAVE SQL_THREAD");
        sql(lab, "n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('n2 never applies this')");
        // hactl check records both positions: n1 one transaction ahead
        assertThat(DbLab.check(lab).at("/snapshot/nodes/0/db/gtidCurrentPos").asText())
                .isNotEqualTo(DbLab.check(lab).at("/snapshot/nodes/1/db/gtidCurrentPos").asText());
        lab.linkDown("n1");
        CheckLabIT.Run r = masterSet(lab, "n2");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("n1's database cannot be reached",
                "REFUSED: n2 lacks transactions n1 had when last seen (n1 last seen at ",
                "by check): n2 is behind n1 by 1 transaction: n2 lacks 0-1-", "promoting n2 now loses them",
                "--force", "nothing was changed.");
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("1");
        assertThat(lab.nsExec("n2", "ip", "-o", "-4", "addr", "show", "dev", "eth0").out()).doesNotContain(VIP);
    }

    @Test
    void masterFailureStandaloneThenRejoinThenBack(Lab lab) throws Exception {
        assertThat(dbCode(lab)).isEqualTo("HEALTHY"); // the memory has both positions, equal
        assertThat(lab.killMariadb("n1")).isTrue();
        // as the refusal tells an operator: the replica must have noticed first (0.2 s idle, longer under load)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !lab.sqlAsRoot("n2", "SHOW SLAVE STATUS").contains("\tYes\tYes\t"));
        CheckLabIT.Run r = masterSet(lab, "n2");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("*** STANDALONE: n1's database cannot be reached; n2 becomes the master WITHOUT a replica",
                "n2 has every transaction n1 had when last seen", "n1   remove DB VIP 198.51.100.89/24 (n2 holds and announced it)",
                "STANDALONE: no replica, no online backup");
        // n1 (its database down, its port answered with a reset) keeps the VIP until n2 has it: a holder at every moment
        assertThat(r.out().indexOf("n2   add DB VIP 198.51.100.89/24 and announce it"))
                .isPositive().isLessThan(r.out().indexOf("n1   remove DB VIP 198.51.100.89/24 (n2 holds and announced it)"));
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(dbCode(lab)).isEqualTo("REPLICA_DOWN");

        // writes go on on n2 while n1 is down
        String note = "written while n1 was down " + System.nanoTime();
        sql(lab, "n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        lab.startMariadb("n1");
        // n1 came back writable and not replicating, behind n2: db-master-set --node n2 re-attaches it
        CheckLabIT.Run rejoin = masterSet(lab, "n2");
        assertThat(rejoin.exit()).as(rejoin.out()).isZero();
        assertThat(rejoin.out()).contains("plan: keep n2 as the master, make n1 its replica again",
                "n1 is behind n2 by 1 transaction", "n1   set read_only=ON", "caught up at");
        assertThat(sql(lab, "n1", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note + "'"))
                .isEqualTo("1");
        assertThat(dbCode(lab)).isEqualTo("HEALTHY");

        CheckLabIT.Run back = masterSet(lab, "n1");
        assertThat(back.exit()).as(back.out()).isZero();
        assertThat(DbLab.check(lab).at("/db/sentence").asText()).startsWith("master n1, replica n2 in sync");
    }

    @Test
    void aReplicaThatDoesNotCatchUpIsRolledBack(Lab lab) throws Exception {
        // the state compared after the rollback is taken from a settled pair (not while n2's IO thread reconnects)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dbCode(lab)).isEqualTo("HEALTHY"));
        Properties p = new Properties();
        p.setProperty("user", "hactl");
        p.setProperty("password", java.nio.file.Files.readString(lab.dir().resolve("secrets/hactl.password")).strip());
        // a session on n2 holds a write lock: n2's SQL thread cannot apply n1's next row
        try (Connection lock = DriverManager.getConnection("jdbc:mysql://198.51.100.12:3306/", p);
             Statement st = lock.createStatement()) {
            st.execute("LOCK TABLES hactl_demo.demo_writes WRITE");
            sql(lab, "n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('blocked on n2')");
            String before = DbLab.pairState(DbLab.check(lab));
            CheckLabIT.Run r = masterSet(lab, "n2", "--timeout", "2s");
            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.out()).contains("FAILED", "n2 did not catch up with n1 within 2s: n2 is behind n1 by 1 transaction",
                    "undo: set read_only=OFF (writable again)", "n1   start backend", "n1   start tomcat",
                    "REFUSED: n2 did not catch up", "rolled back: n1 is the master again");
            assertThat(DbLab.printedSteps(r.out())).doesNotContain("n2 set read_only=OFF (writable)");
            assertThat(sql(lab, "n1", "SELECT @@read_only")).isEqualTo("0");
            JsonNode c = DbLab.check(lab);
            assertThat(c.at("/snapshot/dbVip/holders").toString()).isEqualTo("[\"n1\"]");
            assertThat(c.at("/app/code").asText()).isEqualTo("ACTIVE");
            assertThat(DbLab.lastRun(lab, "db-master-set")).last().extracting(OperationEntry::result).isEqualTo("rolled-back");
            // same roles as before; only the service PIDs changed (restarted)
            assertThat(DbLab.pairState(c).replaceAll("=\\[[0-9,]*]", "")).isEqualTo(before.replaceAll("=\\[[0-9,]*]", ""));
            st.execute("UNLOCK TABLES");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dbCode(lab)).isEqualTo("HEALTHY"));
    }

    @Test
    void aPromotedNodeRestartedWithReadOnlyInMyCnfIsMadeWritableAgain(Lab lab) throws Exception {
        // restarted, n2's read_only=ON comes from its my.cnf (heal set it by SQL before)
        assertThat(lab.killMariadb("n2")).isTrue();
        lab.startMariadb("n2");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dbCode(lab)).isEqualTo("HEALTHY"));
        CheckLabIT.Run to2 = masterSet(lab, "n2");
        assertThat(to2.exit()).as(to2.out()).isZero();
        assertThat(to2.out()).contains("n2: its my.cnf sets read_only=ON: if its MySQL restarts it comes back read-only");
        assertThat(lab.killMariadb("n2")).isTrue();
        lab.startMariadb("n2");
        JsonNode c = DbLab.check(lab);
        assertThat(c.at("/db/code").asText()).isEqualTo("MASTER_READ_ONLY");
        CheckLabIT.Run fix = masterSet(lab, "n2");
        assertThat(fix.exit()).as(fix.out()).isZero();
        assertThat(fix.out()).contains("plan: make n2 writable again", "n2 holds DB VIP 198.51.100.89 but is read-only");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dbCode(lab)).isEqualTo("HEALTHY"));
    }

    @Test
    void dbMasterUnsetDetachesOnlyTheVip(Lab lab) throws Exception {
        lab.addVip("n2", VIP);
        assertThat(dbCode(lab)).isEqualTo("SPLIT_BRAIN");
        CheckLabIT.Run r = hactl(lab, "db-master-unset", "--node", "n2");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("n2   remove DB VIP 198.51.100.89/24 ... ok: removed", "no role change");
        assertThat(dbCode(lab)).isEqualTo("HEALTHY");
        CheckLabIT.Run again = hactl(lab, "db-master-unset", "--node", "n2");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("nothing to do: n2 does not hold DB VIP");

        CheckLabIT.Run off = hactl(lab, "db-master-unset", "--node", "n1");
        assertThat(off.exit()).isZero();
        // no role change: n1 is still the writable master, n2 still its replica
        assertThat(sql(lab, "n1", "SELECT @@read_only")).isEqualTo("0");
        JsonNode c = DbLab.check(lab);
        assertThat(c.at("/db/code").asText()).isEqualTo("VIP_MISSING");
        assertThat(c.at("/snapshot/nodes/1/db/replica/masterHost").asText()).isEqualTo("198.51.100.11");

        // the master by replication without the VIP (also a new pair after db-replica-init): db-master-set adds it
        CheckLabIT.Run back = masterSet(lab, "n1");
        assertThat(back.exit()).as(back.out()).isZero();
        assertThat(back.out()).contains("plan: add DB VIP 198.51.100.89 to n1",
                "n1 replicates from nobody and n2 replicates from it", "n1   add DB VIP 198.51.100.89/24 and announce it");
        assertThat(dbCode(lab)).isEqualTo("HEALTHY");
    }

    @Test
    void dbSyncCheckComparesPositionsAndTables(Lab lab) throws Exception {
        CheckLabIT.Run same = hactl(lab, "db-sync-check", "--tables");
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("GTID: same. n2 and n1 have the same transactions", "demo_writes", "same",
                "verdict: the databases are the same");
        // a row changed on n2 without a GTID: positions agree, the data does not
        sql(lab, "n2", "SET SESSION sql_log_bin=0; UPDATE hactl_demo.demo_writes SET note='drift' WHERE id=1");
        assertThat(hactl(lab, "db-sync-check").exit()).isZero();
        CheckLabIT.Run drift = hactl(lab, "db-sync-check", "--tables", "--json");
        assertThat(drift.exit()).isEqualTo(1);
        JsonNode j = ReportJson.mapper().readTree(drift.out());
        assertThat(j.at("/same").asBoolean()).isFalse();
        assertThat(j.at("/gtid/kind").asText()).isEqualTo("EQUAL");
        assertThat(j.at("/tables/0/name").asText()).isEqualTo("demo_writes");
        assertThat(j.at("/tables/0/same").asBoolean()).isFalse();
        sql(lab, "n2", "SET SESSION sql_log_bin=0; UPDATE hactl_demo.demo_writes SET note='seed 1' WHERE id=1");
    }
}
