package io.hactl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.model.GtidComparison.Kind;
import io.hactl.model.GtidComparison.Result;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GtidComparisonTest {

    /** a = the candidate (n2), b = the reference (n1). Columns: a pos | a state | b pos | b state | kind | count | a lacks | b lacks. */
    @ParameterizedTest(name = "[{index}] {0} / {1}  vs  {2} / {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // the same
            "0-1-7          | null            | 0-1-7          | null            | EQUAL    | 0 | ''            | ''",
            "''             | null            | ''             | null            | EQUAL    | 0 | ''            | ''",
            "0-1-7,1-1-3    | null            | 1-1-3,0-1-7    | null            | EQUAL    | 0 | ''            | ''",
            // the replica is behind on one history
            "0-1-5          | 0-1-5           | 0-1-7          | 0-1-7           | BEHIND   | 2 | 0-1-6..0-1-7  | ''",
            "0-1-6          | null            | 0-1-7          | null            | BEHIND   | 1 | 0-1-7         | ''",
            "''             | null            | 0-1-3          | null            | BEHIND   | 3 | 0-1-1..0-1-3  | ''",
            // after a switchover: both have server 2's part of the history
            "0-1-12         | 0-2-10,0-1-12   | 0-1-12         | 0-2-10,0-1-12   | EQUAL    | 0 | ''            | ''",
            "0-2-10         | 0-1-7,0-2-10    | 0-1-12         | 0-2-10,0-1-12   | BEHIND   | 2 | 0-1-11..0-1-12| ''",
            // ahead: the other one lacks (an errant transaction written on a replica)
            "0-2-8          | 0-1-7,0-2-8     | 0-1-7          | 0-1-7           | AHEAD    | 1 | ''            | 0-2-8",
            // diverged: n1 took 0-1-8 that never reached n2; n2, promoted, wrote 0-2-8 and 0-2-9
            "0-2-9          | 0-1-7,0-2-9     | 0-1-8          | 0-1-8           | DIVERGED | 0 | 0-1-8         | 0-2-8..0-2-9",
            // same seq, different servers: diverged
            "0-2-8          | 0-1-7,0-2-8     | 0-1-8          | 0-1-7,0-1-8     | DIVERGED | 0 | 0-1-8         | 0-2-8",
            // positions only (no state): another server's GTID in the domain is not proof of history
            "0-2-9          | null            | 0-1-8          | null            | AHEAD    | 1 | ''            | 0-2-9",
            "0-2-8          | null            | 0-1-8          | null            | DIVERGED | 0 | 0-1-8         | 0-2-8",
            // a node reset by RESET MASTER (--force-sync) has lost old state entries: heads decide
            "0-1-17         | 0-1-17          | 0-1-17         | 0-2-14,0-1-17   | EQUAL    | 0 | ''            | ''",
            "0-1-18         | 0-1-18          | 0-1-17         | 0-2-14,0-1-17   | AHEAD    | 1 | ''            | 0-1-18",
            // the live state against a remembered position (hactl check): linear history after a switchover
            "0-2-14         | 0-1-13,0-2-14   | 0-1-15         | null            | BEHIND   | 1 | 0-1-15        | ''",
            "0-1-15         | 0-2-14,0-1-15   | 0-1-15         | null            | EQUAL    | 0 | ''            | ''",
            // a second domain only one side has
            "0-1-7,5-1-2    | null            | 0-1-7          | null            | AHEAD    | 2 | ''            | 5-1-1..5-1-2",
    })
    void mariadb(String aPos, String aState, String bPos, String bState, Kind kind, long count, String aLacks,
                 String bLacks) {
        Result r = GtidComparison.compare("n2", GtidView.mariadb(aPos, aState), "n1", GtidView.mariadb(bPos, bState));
        assertThat(r.kind()).as(r.sentence()).isEqualTo(kind);
        assertThat(r.count()).as(r.sentence()).isEqualTo(count);
        assertThat(String.join(",", r.aLacks())).as(r.sentence()).isEqualTo(aLacks);
        assertThat(String.join(",", r.bLacks())).as(r.sentence()).isEqualTo(bLacks);
    }

    @ParameterizedTest(name = "[{index}] {0}  vs  {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5   | 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5 | EQUAL    | 0 | ''   | ''",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:4-5 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | EQUAL  | 0 | ''   | ''",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3   | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | BEHIND   | 2 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:4-5 | ''",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9 | BEHIND   | 3 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:6:8-9 | ''",
            "'3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4e11fa47-71ca-11e1-9e33-c80aa9429562:1' | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | AHEAD | 1 | '' | 4e11fa47-71ca-11e1-9e33-c80aa9429562:1",
            "'3e11fa47-71ca-11e1-9e33-c80aa9429562:1-4,4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2' | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-6 | DIVERGED | 0 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:5-6 | 4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:tag_a:1-2 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | AHEAD | 2 | '' | 3e11fa47-71ca-11e1-9e33-c80aa9429562:tag_a:1-2",
            "''                                          | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | BEHIND   | 5 | 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5 | ''",
    })
    void mysql(String a, String b, Kind kind, long count, String aLacks, String bLacks) {
        Result r = GtidComparison.compare("n2", GtidView.mysql(a), "n1", GtidView.mysql(b));
        assertThat(r.kind()).as(r.sentence()).isEqualTo(kind);
        assertThat(r.count()).as(r.sentence()).isEqualTo(count);
        assertThat(String.join(",", r.aLacks())).as(r.sentence()).isEqualTo(aLacks);
        assertThat(String.join(",", r.bLacks())).as(r.sentence()).isEqualTo(bLacks);
    }

    @Test
    void sentencesNameBothPositionsAndTheTransactions() {
        assertThat(GtidComparison.compare("n2", GtidView.mariadb("0-1-5", null), "n1", GtidView.mariadb("0-1-7", null))
                .sentence()).isEqualTo("n2 is behind n1 by 2 transactions: n2 lacks 0-1-6..0-1-7 (n2 at 0-1-5, n1 at 0-1-7)");
        assertThat(GtidComparison.compare("n2", GtidView.mariadb("0-2-8", "0-1-7,0-2-8"), "n1",
                GtidView.mariadb("0-1-7", null)).sentence())
                .isEqualTo("n2 has 1 transaction that n1 lacks: 0-2-8 (n2 at 0-2-8, n1 at 0-1-7)");
        assertThat(GtidComparison.compare("n2", GtidView.mariadb("0-2-9", "0-1-7,0-2-9"), "n1",
                GtidView.mariadb("0-1-8", null)).sentence())
                .isEqualTo("n2 and n1 have diverged: n2 has 0-2-8..0-2-9 that n1 lacks; n1 has 0-1-8 that n2 lacks"
                        + " (n2 at 0-2-9, n1 at 0-1-8)");
        assertThat(GtidComparison.compare("n1", GtidView.mariadb("", null), "n2", GtidView.mariadb("", null))
                .sentence()).isEqualTo("n1 and n2 have the same transactions (GTID (none))");
    }

    @Test
    void unreadableGtidsAreRefusedWithTheText() {
        assertThatThrownBy(() -> GtidComparison.compare("a", GtidView.mariadb("0-1", null), "b", GtidView.mariadb("0-1-2", null)))
                .hasMessageContaining("'0-1'");
        assertThatThrownBy(() -> GtidComparison.compare("a", GtidView.mysql("nope:1-2"), "b", GtidView.mysql("")))
                .hasMessageContaining("nope:1-2");
        assertThatThrownBy(() -> GtidComparison.compare("a", GtidView.mysql(""), "b", GtidView.mariadb("", null)))
                .hasMessageContaining("cannot be compared");
    }

    @Test
    void mariadbWaitsOnlyForDomainsTheReplicaDoesNotHave() {
        assertThat(GtidComparison.mariadbWaitPosition("0-1-5", "0-1-7")).isEqualTo("0-1-7");
        assertThat(GtidComparison.mariadbWaitPosition("0-1-7", "0-1-7")).isEmpty();
        assertThat(GtidComparison.mariadbWaitPosition("0-1-7,1-2-10", "0-1-9,1-2-10")).isEqualTo("0-1-9");
        assertThat(GtidComparison.mariadbWaitPosition("", "0-1-3,2-1-4")).isEqualTo("0-1-3,2-1-4");
    }

    @Test
    void resultHelpers() {
        Result r = GtidComparison.compare("n2", GtidView.mariadb("0-1-9", null), "n1", GtidView.mariadb("0-1-7", null));
        assertThat(r.aHasAllOfB()).isTrue();
        assertThat(r.positions()).isEqualTo("n2 at 0-1-9, n1 at 0-1-7");
        assertThat(List.of(r.kind())).containsExactly(Kind.AHEAD);
    }

    /** Moved from the lab's own copy of this check (issue 15: one GTID containment). */
    @Test
    void mariadbBinlogStateContainmentAsTheLabHealsReplicationWithIt() {
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "0-1-7")).isTrue();
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "0-1-5")).isTrue();
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "")).isTrue();
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "0-1-8")).isFalse();
        // a write of its own on the replica (server 2) that the master never saw: errant
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "0-1-7,0-2-8")).isFalse();
        // after a switch and back the master has the replica's transactions too
        assertThat(GtidComparison.mariadbStateHasAll("0-2-9,0-1-7", "0-1-7,0-2-9")).isTrue();
        assertThat(GtidComparison.mariadbStateHasAll("0-1-7", "1-1-3")).isFalse();
    }
}
