package io.hactl.model;

import static io.hactl.model.Snap.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiagnoserTest {

    private final Diagnoser diagnoser = new Diagnoser(30);

    static Stream<Arguments> dbCases() {
        return Stream.of(
                Arguments.of("healthy pair", Snap.healthy(), DbCode.HEALTHY, "master n1, replica n2 in sync (GTID 0-1-42)"),
                Arguments.of("replica stopped by STOP SLAVE", Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)),
                        DbCode.REPLICA_STOPPED, "replica n2 stopped (IO thread No, SQL thread No)"),
                Arguments.of("replica lagging 45 s", Snap.healthy().replicaStatus("n2", status("Yes", true, 45L, 0, 0)),
                        DbCode.REPLICA_LAGGING, "replica n2 is 45 s behind master n1"),
                Arguments.of("replica lag at the limit is in sync", Snap.healthy().replicaStatus("n2", status("Yes", true, 30L, 0, 0)),
                        DbCode.HEALTHY, "in sync"),
                Arguments.of("replica IO connecting", Snap.healthy().replicaStatus("n2", status("Connecting", true, null, 2003, 0)),
                        DbCode.REPLICA_DISCONNECTED, "replica n2 cannot connect to master n1 (error 2003"),
                Arguments.of("replica SQL error (errant GTID)", Snap.healthy().replicaStatus("n2", status("Yes", false, null, 0, 1950)),
                        DbCode.REPLICA_BROKEN, "SQL thread error 1950"),
                Arguments.of("replica IO error 1236 diverged", Snap.healthy().replicaStatus("n2", status("No", true, null, 1236, 0)),
                        DbCode.REPLICA_BROKEN, "IO thread error 1236"),
                Arguments.of("replica MySQL killed", Snap.healthy().db("n2", DbProbe.notResponding("Connection refused")),
                        DbCode.REPLICA_DOWN, "replica n2: MySQL not responding (Connection refused)"),
                Arguments.of("replica node unreachable", Snap.healthy().unreachable("n2"),
                        DbCode.REPLICA_DOWN, "replica n2 unreachable"),
                Arguments.of("replica reset: stand-alone", Snap.healthy().db("n2", Snap.master("0-1-42")).node("n2",
                                n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                                        new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11", true, null, "0-1-42", "", null, null), n.services())),
                        DbCode.STANDALONE, "STANDALONE: master n1, n2 is not replicating"),
                Arguments.of("replica points elsewhere", Snap.healthy().replicaStatus("n2",
                                new ReplicaStatus("198.51.100.77", 3306, "Yes", true, 0L, 0, "", 0, "", "", "Slave_Pos")),
                        DbCode.REPLICA_WRONG_MASTER, "replicates from 198.51.100.77"),
                Arguments.of("DB VIP answered by two MACs", Snap.healthy().dbVip(List.of("n1"), List.of(MAC1, MAC2)),
                        DbCode.SPLIT_BRAIN, "DB VIP 198.51.100.89 answered by 2 MACs (n1 02:00:00:00:00:11, n2 02:00:00:00:00:12)"),
                Arguments.of("DB VIP on both nodes", Snap.healthy().dbVip(List.of("n1", "n2"), List.of(MAC1)),
                        DbCode.SPLIT_BRAIN, "configured on n1 and n2"),
                Arguments.of("two writable masters", Snap.healthy().db("n2", Snap.master("0-2-5")),
                        DbCode.SPLIT_BRAIN, "both n1 and n2 are writable masters"),
                Arguments.of("writable replica", Snap.healthy().db("n2", Snap.replica(streaming(), "0-1-42")).node("n2",
                                n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                                        new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11", false, streaming(), "0-1-42",
                                                "0-1-42", null, null), n.services())),
                        DbCode.SPLIT_BRAIN, "both n1 and n2 are writable (n2 is a replica with read_only OFF)"),
                Arguments.of("master link down, replica still sees it", Snap.healthy().unreachable("n1")
                                .dbVip(List.of(), List.of()),
                        DbCode.MASTER_UNREACHABLE, "master n1 unreachable: no ping, no shell, MySQL not responding; replica n2 still streaming"),
                Arguments.of("master dead, replica connecting", Snap.healthy().unreachable("n1").dbVip(List.of(), List.of())
                                .replicaStatus("n2", status("Connecting", true, null, 2003, 0)),
                        DbCode.MASTER_UNREACHABLE, "replica n2 IO thread Connecting (error 2003)"),
                Arguments.of("master MySQL killed", Snap.healthy().db("n1", DbProbe.notResponding("Connection refused")),
                        DbCode.MASTER_NOT_RESPONDING, "master n1: MySQL not responding (Connection refused)"),
                Arguments.of("master read-only", Snap.healthy().db("n1", new DbProbe(true, null, DbProbe.Flavor.MARIADB,
                                "10.11", true, null, "0-1-42", "0-1-42", "b.1", 4L)),
                        DbCode.MASTER_READ_ONLY, "master n1 holds DB VIP 198.51.100.89 but is read-only"),
                Arguments.of("DB VIP on no node", Snap.healthy().dbVip(List.of(), List.of()),
                        DbCode.VIP_MISSING, "master n1 is writable but no node holds DB VIP"),
                Arguments.of("VIP seen only by ARP (holder's shell down)", Snap.healthy().dbVip(List.of(), List.of(MAC1)),
                        DbCode.HEALTHY, "master n1, replica n2 in sync"),
                Arguments.of("nobody writable, no VIP", Snap.healthy().dbVip(List.of(), List.of())
                                .db("n1", new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11", true, null, "0-1-42", "0-1-42", null, null)),
                        DbCode.NO_MASTER, "no master"),
                Arguments.of("GTID differs but lag 0", Snap.healthy().db("n1", Snap.master("0-1-43")),
                        DbCode.HEALTHY, "replica n2 replicating, 1 transaction behind master n1, received up to 0-1-42 (GTID master 0-1-43,"
                                + " replica 0-1-42; lag 0 s)"));
    }

    // ------------------------------------------------------------------ issue 13, defects 2 and 8

    /** A MariaDB server (server_id {@code serverId}) at {@code pos} with {@code @@gtid_binlog_state} {@code state}. */
    static DbProbe server(boolean readOnly, ReplicaStatus rs, String pos, String state, String serverId) {
        return new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", readOnly, rs, pos, pos, "mariadb-bin.000002",
                99L, state, serverId);
    }

    /** A replica streaming from n1 that received up to {@code ioPos}, applied {@code pos}, {@code lag} seconds behind. */
    static ReplicaStatus streamingTo(String ioPos, long lag) {
        return new ReplicaStatus(N1, 3306, "Yes", true, lag, 0, "", 0, "", ioPos, "Slave_Pos");
    }

    @Test
    void aSecondWritableNodeReadsHealthy_aWritableReplicaIsASplitBrain() {
        Diagnosis<DbCode> d = diagnoser.diagnoseDb(Snap.healthy()
                .db("n2", server(false, streaming(), "0-1-42", "0-1-42", "2")).build());
        assertThat(d.code()).as(d.sentence()).isEqualTo(DbCode.SPLIT_BRAIN);
        assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(d.sentence()).isEqualTo("both n1 and n2 are writable (n2 is a replica with read_only OFF): writes may"
                + " go to either; keep one, make the other read-only");
    }

    @Test
    void aSecondWritableNodeReadsHealthy_anErrantTransactionOnAStreamingReplicaIsNamed() {
        Diagnosis<DbCode> d = diagnoser.diagnoseDb(Snap.healthy()
                .db("n1", server(false, null, "0-1-42", "0-1-42", "1"))
                .db("n2", server(true, streaming(), "0-2-43", "0-1-42,0-2-43", "2")).build());
        assertThat(d.code()).as(d.sentence()).isEqualTo(DbCode.REPLICA_ERRANT);
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
        assertThat(d.master()).isEqualTo("n1");
        assertThat(d.sentence()).isEqualTo("replica n2 has transactions master n1 lacks (errant): n2 has 1 transaction"
                + " master n1 lacks: 0-2-43 (written on n2, never on n1); a failover would promote them, a rebuild from n1"
                + " discards them");
        assertThat(d.errant().node()).isEqualTo("n2");
        assertThat(d.errant().gtids()).containsExactly("0-2-43");
        assertThat(d.errant().count()).isEqualTo(1);
    }

    @Test
    void aSecondWritableNodeReadsHealthy_errantTransactionsOnALaggingOrBrokenReplicaAreNamedToo() {
        Diagnosis<DbCode> broken = diagnoser.diagnoseDb(Snap.healthy()
                .db("n1", server(false, null, "0-1-45", "0-1-45", "1"))
                .db("n2", server(true, status("Yes", false, null, 0, 1950), "0-2-44", "0-1-42,0-2-44", "2")).build());
        assertThat(broken.code()).as(broken.sentence()).isEqualTo(DbCode.REPLICA_BROKEN);
        assertThat(broken.sentence()).contains("SQL thread error 1950", "n2 has 2 transactions master n1 lacks: 0-2-43..0-2-44");
        assertThat(broken.errant().gtids()).containsExactly("0-2-43..0-2-44");
    }

    @Test
    void aReplicaReadAfterItsMasterHasTheMastersNewestTransactions_notErrant() {
        // the master was read at 0-1-42; by the time the replica was read it had applied 43 and 44 of n1
        Diagnosis<DbCode> d = diagnoser.diagnoseDb(Snap.healthy()
                .db("n1", server(false, null, "0-1-42", "0-1-42", "1"))
                .db("n2", server(true, streaming(), "0-1-44", "0-1-44", "2")).build());
        assertThat(d.code()).as(d.sentence()).isEqualTo(DbCode.HEALTHY);
        assertThat(d.errant()).isNull();
        assertThat(d.sentence()).contains("in sync", "the replica was read after the master");
        // the same without the master's server_id: the origin of its last GTID stands in
        Diagnosis<DbCode> noId = diagnoser.diagnoseDb(Snap.healthy()
                .db("n2", server(true, streaming(), "0-1-44", "0-1-44", null)).build());
        assertThat(noId.code()).as(noId.sentence()).isEqualTo(DbCode.HEALTHY);
    }

    @Test
    void inSyncIsShownForAReplica447TransactionsBehind_nowItSaysHowFarBehind() {
        Diagnosis<DbCode> d = diagnoser.diagnoseDb(Snap.healthy()
                .db("n1", server(false, null, "0-1-1000", "0-1-1000", "1"))
                .db("n2", server(true, streamingTo("0-1-1000", 2), "0-1-553", "0-1-553", "2")).build());
        assertThat(d.code()).as(d.sentence()).isEqualTo(DbCode.HEALTHY);
        assertThat(d.sentence()).doesNotContain("in sync").isEqualTo("master n1, replica n2 replicating, 447 transactions"
                + " behind master n1, all received, not yet applied (GTID master 0-1-1000, replica 0-1-553; lag 2 s)");
        Diagnosis<DbCode> notReceived = diagnoser.diagnoseDb(Snap.healthy()
                .db("n1", server(false, null, "0-1-1000", "0-1-1000", "1"))
                .db("n2", server(true, streamingTo("0-1-900", 2), "0-1-553", "0-1-553", "2")).build());
        assertThat(notReceived.sentence()).contains("447 transactions behind master n1, received up to 0-1-900");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbCases")
    void db(String situation, Snap snap, DbCode code, String sentencePart) {
        Diagnosis<DbCode> d = diagnoser.diagnoseDb(snap.build());
        assertThat(d.code()).as(situation + ": " + d.sentence()).isEqualTo(code);
        assertThat(d.severity()).isEqualTo(code.severity());
        assertThat(d.sentence()).contains(sentencePart);
    }

    static Stream<Arguments> appCases() {
        return Stream.of(
                Arguments.of("active n1", Snap.healthy(), AppCode.ACTIVE, "active n1 with app VIP 198.51.100.88; backend, tomcat running"),
                Arguments.of("tomcat down on active", Snap.healthy().services("n1", svcs(svc("backend", true, 9090), svc("tomcat", false, 8080))),
                        AppCode.SERVICES_DOWN, "active node n1: tomcat not running"),
                Arguments.of("tomcat port closed", Snap.healthy().services("n1", svcs(svc("backend", true, 9090),
                                new ServiceProbe("tomcat", true, List.of(7L), 8080, false, null))),
                        AppCode.SERVICES_DOWN, "tomcat port 8080 not answering"),
                Arguments.of("tomcat also on n2", Snap.healthy().services("n2", svcs(svc("backend", false, 9090), svc("tomcat", true, 8080))),
                        AppCode.SERVICES_ON_PASSIVE, "tomcat on n2"),
                Arguments.of("app VIP missing", Snap.healthy().appVip(List.of(), List.of()), AppCode.VIP_MISSING, "no node holds app VIP"),
                Arguments.of("app VIP conflict by ARP", Snap.healthy().appVip(List.of("n1"), List.of(MAC1, MAC2)),
                        AppCode.VIP_CONFLICT, "answered by 2 MACs"),
                Arguments.of("app VIP on both", Snap.healthy().appVip(List.of("n1", "n2"), List.of(MAC1)),
                        AppCode.VIP_CONFLICT, "configured on n1 and n2"),
                Arguments.of("active node's shell down, VIP answered by its MAC", Snap.healthy().appVip(List.of(), List.of(MAC1))
                                .node("n1", n -> new NodeProbe(n.name(), n.address(), n.ping(), new NodeProbe.ShellResult(false, "auth failed"),
                                        List.of(), n.macAddress(), n.db(), n.services())),
                        AppCode.ACTIVE_UNREACHABLE, "active node n1 (app VIP 198.51.100.88) cannot be checked: auth failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("appCases")
    void app(String situation, Snap snap, AppCode code, String sentencePart) {
        Diagnosis<AppCode> d = diagnoser.diagnoseApp(snap.build());
        assertThat(d.code()).as(situation + ": " + d.sentence()).isEqualTo(code);
        assertThat(d.sentence()).contains(sentencePart);
    }

    @Test
    void sameSnapshotSameDiagnosis() {
        ProbeSnapshot s = Snap.healthy().replicaStatus("n2", status("No", false, null, 0, 0)).build();
        assertThat(diagnoser.diagnoseDb(s)).isEqualTo(diagnoser.diagnoseDb(s));
    }

    @Test
    void gtidSetsCompareIgnoringOrder() {
        assertThat(GtidPositions.equalSets("0-1-5,1-2-7", "1-2-7, 0-1-5")).isTrue();
        assertThat(GtidPositions.equalSets("0-1-5", "0-1-6")).isFalse();
        assertThat(GtidPositions.equalSets("", null)).isTrue();
    }
}
