package io.hactl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemiSyncTest {

    /** What MariaDB 10.11 answers in the lab (information_schema names, upper case). */
    static Map<String, String> mariadb(String master, String slave, String waitPoint, String waitNoSlave,
                                       String status, String clients) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("RPL_SEMI_SYNC_MASTER_TIMEOUT", "10000");
        m.put("RPL_SEMI_SYNC_SLAVE_DELAY_MASTER", "OFF");
        m.put("RPL_SEMI_SYNC_SLAVE_KILL_CONN_TIMEOUT", "5");
        m.put("RPL_SEMI_SYNC_MASTER_ENABLED", master);
        m.put("RPL_SEMI_SYNC_MASTER_TRACE_LEVEL", "32");
        m.put("RPL_SEMI_SYNC_MASTER_WAIT_NO_SLAVE", waitNoSlave);
        m.put("RPL_SEMI_SYNC_MASTER_WAIT_POINT", waitPoint);
        m.put("RPL_SEMI_SYNC_SLAVE_ENABLED", slave);
        m.put("RPL_SEMI_SYNC_SLAVE_TRACE_LEVEL", "32");
        m.put("RPL_SEMI_SYNC_MASTER_CLIENTS", clients);
        m.put("RPL_SEMI_SYNC_MASTER_STATUS", status);
        return m;
    }

    static SemiSync on(int clients) {
        return SemiSync.from(mariadb("ON", "ON", "AFTER_SYNC", "OFF", "ON", String.valueOf(clients)));
    }

    @Test
    void fromMariadb_readsSettingsAndStatus_losslessWithAReplicaAcknowledging() {
        SemiSync s = on(1);
        assertThat(s).isEqualTo(new SemiSync(true, true, true, "AFTER_SYNC", false, 10_000, true, 1));
        assertThat(s.lossless()).isTrue();
        assertThat(s.timeoutWords()).isEqualTo("10 s");
        assertThat(on(0).lossless()).as("no replica acknowledging").isFalse();
        assertThat(SemiSync.from(mariadb("ON", "ON", "AFTER_COMMIT", "OFF", "ON", "1")).lossless()).isFalse();
    }

    @Test
    void fromMysql_bothGenerationsOfNames_andNoneWithoutThePlugins() {
        Map<String, String> newer = new LinkedHashMap<>();
        newer.put("rpl_semi_sync_source_enabled", "ON");
        newer.put("rpl_semi_sync_source_timeout", "500");
        newer.put("rpl_semi_sync_source_wait_point", "AFTER_SYNC");
        newer.put("rpl_semi_sync_source_wait_no_replica", "OFF");
        newer.put("rpl_semi_sync_replica_enabled", "ON");
        newer.put("Rpl_semi_sync_source_status", "ON");
        newer.put("Rpl_semi_sync_source_clients", "1");
        SemiSync s = SemiSync.from(newer);
        assertThat(s).isEqualTo(new SemiSync(true, true, true, "AFTER_SYNC", false, 500, true, 1));
        assertThat(s.timeoutWords()).isEqualTo("500 ms");

        Map<String, String> older = Map.of("rpl_semi_sync_master_enabled", "ON", "rpl_semi_sync_slave_enabled", "OFF",
                "rpl_semi_sync_master_wait_point", "AFTER_SYNC", "rpl_semi_sync_master_wait_no_slave", "ON",
                "rpl_semi_sync_master_timeout", "10000", "Rpl_semi_sync_master_status", "OFF",
                "Rpl_semi_sync_master_clients", "0");
        assertThat(SemiSync.from(older)).isEqualTo(new SemiSync(true, true, false, "AFTER_SYNC", true, 10_000, false, 0));

        assertThat(SemiSync.from(Map.of())).isEqualTo(SemiSync.NONE);
        assertThat(SemiSync.NONE.available()).isFalse();
    }

    @Test
    void assess_bothNodesSetAndTheMasterWaiting_ok_withTheSentence() {
        SemiSync.Assessment a = SemiSync.assess("n1", on(1), "n2", on(0), true);
        assertThat(a.ok()).isTrue();
        assertThat(a.problems()).isEmpty();
        assertThat(a.sentence()).isEqualTo("on: n1 acknowledges a commit only once n2 has received it (AFTER_SYNC;"
                + " 1 replica acknowledging; after 10 s without an answer n1 goes on alone)");
    }

    @Test
    void assess_eachMissingSettingNamesItsNodeTheSettingAndTheFix() {
        SemiSync masterOff = SemiSync.from(mariadb("OFF", "ON", "AFTER_SYNC", "OFF", "OFF", "0"));
        SemiSync replicaOff = SemiSync.from(mariadb("ON", "OFF", "AFTER_COMMIT", "ON", "ON", "0"));
        SemiSync.Assessment a = SemiSync.assess("n1", masterOff, "n2", replicaOff, true);
        assertThat(a.ok()).isFalse();
        assertThat(a.sentence()).isEqualTo("WARNING: acknowledged writes can be lost with the master's node");
        assertThat(a.problems()).hasSize(2);
        assertThat(a.problems().get(0)).startsWith("n1 has rpl_semi_sync_master_enabled=OFF: set"
                + " rpl_semi_sync_master_enabled = ON, rpl_semi_sync_slave_enabled = ON,")
                .contains("in its my.cnf", SemiSync.DOC);
        assertThat(a.problems().get(1)).startsWith("n2 has rpl_semi_sync_slave_enabled=OFF,"
                + " rpl_semi_sync_master_wait_point=AFTER_COMMIT, rpl_semi_sync_master_wait_no_slave=ON (with no"
                + " replica connected, as a replica itself, it waits 10 s before going on): set");
    }

    @Test
    void assess_theMasterGoneOnAlone_aWarningUntilTheReplicaIsBackAndCaughtUp() {
        SemiSync alone = SemiSync.from(mariadb("ON", "ON", "AFTER_SYNC", "OFF", "OFF", "1"));
        SemiSync.Assessment behind = SemiSync.assess("n1", alone, "n2", on(0), false);
        assertThat(behind.ok()).isFalse();
        assertThat(behind.problems()).containsExactly("n1 waits for no replica's receipt now (it went on alone after"
                + " n2 did not answer within 10 s): a commit it acknowledges now is lost with its node if n2 lacks it;"
                + " it waits again once n2 is connected and has caught up");

        SemiSync.Assessment back = SemiSync.assess("n1", alone, "n2", on(0), true);
        assertThat(back.ok()).isTrue();
        assertThat(back.sentence()).isEqualTo("on: n1 went on alone earlier (n2 did not answer within 10 s); n2 is"
                + " connected and has everything again: n1 waits again from its next commit");

        SemiSync.Assessment none = SemiSync.assess("n1", on(0), "n2", null, false);
        assertThat(none.ok()).isFalse();
        assertThat(none.problems()).singleElement().asString()
                .startsWith("n1 waits for no replica's receipt now (no replica that acknowledges is connected)");
    }

    @Test
    void assess_mysqlWithoutThePlugins_aWarningThatSaysSo_andNothingReadIsNotAWarning() {
        SemiSync.Assessment a = SemiSync.assess("n1", SemiSync.NONE, "n2", SemiSync.NONE, true);
        assertThat(a.ok()).isFalse();
        assertThat(a.problems()).containsExactly(
                "n1 has no semi-synchronous replication (MySQL: its semisync plugins are not loaded): load them and"
                        + " set the settings in " + SemiSync.DOC,
                "n2 has no semi-synchronous replication (MySQL: its semisync plugins are not loaded): load them and"
                        + " set the settings in " + SemiSync.DOC);
        SemiSync.Assessment unread = SemiSync.assess("n1", null, "n2", null, false);
        assertThat(unread.ok()).isTrue();
        assertThat(unread.sentence()).isEqualTo("unknown (no master was read)");
    }
}
