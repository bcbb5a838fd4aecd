package io.hactl.ops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.ops.db.Failover;
import io.hactl.ops.db.Fencing;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost node that held both roles, one acknowledgement: the failover's promotion first, then
 * master-set on the survivor; the application moves only when the database was promoted.
 */
class NodeFailoverTest {

    static final Fencing UNREACHABLE = new Fencing("n1", Fencing.Vip.UNREACHABLE, Fencing.Db.UNANSWERED, "timeout");

    @TempDir
    Path dir;

    FakeNodes pair;
    final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        pair = new FakeNodes(dir);
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    private NodeFailover nodeFailover(int promoteExit, Fencing fencing, int moveExit) {
        return new NodeFailover(pair.config, (runner, node, risk) -> {
            calls.add("promote " + node.name() + " (" + risk + ")");
            return new Failover.Result(promoteExit, fencing);
        }, (runner, node, lostUnreachable) -> {
            calls.add("master-set " + node.name() + (lostUnreachable == null ? "" : " (n1 unreachable: "
                    + lostUnreachable + ")"));
            return moveExit;
        });
    }

    @Test
    void nodeFailoverPromotesThenMovesTheApplicationAndKeepsTheFencingResult() {
        NodeFailover.Result r = nodeFailover(0, UNREACHABLE, 0).run(pair.runner(), pair.cfg("n2"), "n2 lacks nothing");
        // the application half is told why the database half could not reach n1: it does not wait for that again
        assertThat(calls).containsExactly("promote n2 (n2 lacks nothing)", "master-set n2 (n1 unreachable: timeout)");
        assertThat(r.exit()).isZero();
        assertThat(r.promoted()).isTrue();
        assertThat(r.fencing()).isEqualTo(UNREACHABLE);
        assertThat(r.summary()).contains("n2 is the DB master and the active application server", UNREACHABLE.words());
        assertThat(pair.out()).contains("node-failover: n1 lost: promote n2 to DB master, then move the application to n2",
                "1. promote n2 (failover)", "2. move the application to n2 (master-set)", "node-failover: done.");
        assertThat(pair.log()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("node-failover");
            assertThat(e.event()).isEqualTo(Event.OPERATION_END);
            assertThat(e.result()).isEqualTo("ok");
        });
    }

    @Test
    void aLostNodeTheFailoverFencedAfterAll_theApplicationHalfAsksForItself() {
        Fencing fenced = new Fencing("n1", Fencing.Vip.DETACHED, Fencing.Db.DOWN, null);
        NodeFailover.Result r = nodeFailover(0, fenced, 0).run(pair.runner(), pair.cfg("n2"), "none");
        assertThat(r.exit()).isZero();
        assertThat(calls).containsExactly("promote n2 (none)", "master-set n2");
    }

    @Test
    void nodeFailoverWhosePromotionIsRefusedDoesNotMoveTheApplicationAndSaysSo() {
        NodeFailover.Result r = nodeFailover(2, null, 0).run(pair.runner(), pair.cfg("n2"), "unknown");
        assertThat(calls).containsExactly("promote n2 (unknown)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.promoted()).isFalse();
        assertThat(r.summary()).contains("the database failover was refused", "the application was not moved");
        assertThat(pair.out()).contains("node-failover: REFUSED: the database failover was refused",
                "the application was not moved");
    }

    @Test
    void nodeFailoverWhosePromotionFailsDoesNotMoveTheApplicationAndSaysSo() {
        NodeFailover.Result r = nodeFailover(1, null, 0).run(pair.runner(), pair.cfg("n2"), "unknown");
        assertThat(calls).containsExactly("promote n2 (unknown)");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.promoted()).isFalse();
        assertThat(r.summary()).contains("the database failover failed", "the application was not moved");
        assertThat(pair.log()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("node-failover");
            assertThat(e.result()).isEqualTo("failed");
            assertThat(e.detail()).contains("the application was not moved");
        });
    }

    @Test
    void nodeFailoverWhoseApplicationMoveFailsAfterThePromotionSaysTheDatabaseMovedAndTheFix() {
        NodeFailover.Result r = nodeFailover(0, UNREACHABLE, 1).run(pair.runner(), pair.cfg("n2"), "none");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.promoted()).isTrue();
        assertThat(r.fencing()).isEqualTo(UNREACHABLE);
        assertThat(r.summary()).contains("n2 is the DB master", "moving the application to n2 failed",
                "hactl master-set --node n2");
    }
}
