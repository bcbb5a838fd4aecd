package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.ops.db.Fencing.Db;
import io.hactl.ops.db.Fencing.Vip;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 13, defect 6: "fenced" only on proof, and the words say what was really done. */
class FencingTest {

    @Test
    @DisplayName("Fenced is claimed without proof: an unreachable old master is 'unfenced, unreachable', with the risk")
    void fencedIsNotClaimedWithoutProof() {
        Fencing f = new Fencing("n1", Vip.UNREACHABLE, Db.UNANSWERED, "ssh: connect timed out");
        assertThat(f.fenced()).isFalse();
        assertThat(f.words()).isEqualTo("n1 unfenced, unreachable (ssh: connect timed out): it may still hold the DB VIP"
                + " and be writable; it will be fenced the moment it answers");
    }

    @Test
    void aHungDatabaseBehindADetachedVipIsOnlyPartlyFenced() {
        Fencing f = new Fencing("n1", Vip.DETACHED, Db.UNANSWERED, null);
        assertThat(f.fenced()).isFalse();
        assertThat(f.words()).startsWith("n1 partly fenced: DB VIP detached, but its database does not answer")
                .endsWith("it is made read-only the moment it answers");
    }

    @Test
    void bothPartsProvenIsFenced() {
        assertThat(new Fencing("n1", Vip.DETACHED, Db.READ_ONLY, null).words()).isEqualTo("n1 fenced (DB VIP detached,"
                + " read-only)");
        assertThat(new Fencing("n1", Vip.NOT_HELD, Db.DOWN, null).words()).isEqualTo("n1 fenced (no DB VIP, its database"
                + " is down)");
        assertThat(new Fencing("n1", Vip.DETACHED, Db.DOWN, null).fenced()).isTrue();
    }

    @Test
    void aRefusedConnectionOnALiveHostIsDownAnythingElseUnanswered() {
        assertThat(Fencing.dbFrom(true, "Communications link failure (ConnectException: Connection refused)"))
                .isEqualTo(Db.DOWN);
        assertThat(Fencing.dbFrom(true, "Communications link failure (SocketTimeoutException: Read timed out)"))
                .isEqualTo(Db.UNANSWERED);
        assertThat(Fencing.dbFrom(false, "Connection refused")).isEqualTo(Db.UNANSWERED);
    }

    @Test
    @DisplayName("An old master whose DB VIP could not be removed after the commit point is unfenced: it still holds it")
    void aVipStillHeldAfterAFailedRemovalIsUnfenced() {
        Fencing f = new Fencing("n1", Vip.HELD, Db.DOWN, "RTNETLINK answers: Operation not permitted");
        assertThat(f.fenced()).isFalse();
        assertThat(f.words()).startsWith("n1 unfenced: it still holds the DB VIP, its removal failed (RTNETLINK")
                .contains("answered with a reset");
    }
}
