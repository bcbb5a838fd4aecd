package io.hactl.ops.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl master-set} and the controller's MOVE_APP / ATTACH_APP_VIP, one implementation:
 * the other node's services stopped, then checked stopped (no process, no port answering) before
 * the app VIP moves; with the other node unreachable, control is taken only when nobody answers
 * ARP for the VIP and none of its service ports answers.
 */
class AppMasterSetTest {

    @TempDir
    Path dir;

    FakeNodes pair;

    @BeforeEach
    void setUp() {
        pair = new FakeNodes(dir).activeOnN1();
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    private int masterSet(String node, boolean force) {
        return new AppMasterSet(pair.config, pair.shells()).run(pair.runner(), pair.cfg(node), force);
    }

    @Test
    void masterSetStopsTheOtherNodesServicesChecksThemStoppedThenMovesTheVipAndStartsThem() {
        int exit = masterSet("n2", false);
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).containsSubsequence("master-set: make n2 the active application server",
                "1. n1   stop tomcat (pids ", "2. n1   stop backend (pids ",
                "3. n1   check that no application service runs or answers on n1 ... ok: backend, tomcat stopped"
                        + " (no process; port " + pair.services.get(1).port() + " closed)",
                "4. n1   detach app VIP 127.0.0.88/8 ... ok: removed",
                "5. n2   attach app VIP 127.0.0.88/8 and announce it (gratuitous ARP) ... ok",
                "6. n2   start backend ... ok", "7. n2   start tomcat ... ok",
                "8. n1   verify 127.0.0.88 is answered by n2 only ... ok",
                "master-set: done. n2 is the active application server");
        assertThat(pair.n1().changes()).containsExactly("tomcat-ctl stop n1", "backend-ctl stop n1",
                pair.n1().changes().get(2));
        assertThat(pair.n1().vips).isEmpty();
        assertThat(pair.n2().vips).containsExactly(FakeNodes.VIP);
        assertThat(pair.n2().running).containsOnlyKeys("backend", "tomcat");
    }

    @Test
    void masterSetFailsBeforeTheVipMovesWhenAStoppedServicesPortStillAnswersOnTheOtherNode() {
        pair.n1().strayPort.add("tomcat");
        int exit = masterSet("n2", false);
        assertThat(exit).isEqualTo(1);
        assertThat(pair.out()).contains("check that no application service runs or answers on n1 ... FAILED",
                "tomcat (port " + pair.services.get(1).port() + " answers on 127.0.0.1)",
                "starting them on n2 would make two active application servers");
        assertThat(pair.n2().changes()).isEmpty();
        assertThat(pair.n1().vips).containsExactly(FakeNodes.VIP);
    }

    @Test
    void masterSetWithTheOtherNodeUnreachableIsRefusedWhileItsServicePortsAnswerEvenWithForce() {
        pair.n1().vips.clear(); // nobody answers ARP: only the services still answer
        pair.n1().reachable = false;
        int exit = masterSet("n2", true);
        assertThat(exit).isEqualTo(2);
        assertThat(pair.out()).contains("master-set: REFUSED: n1 still runs its copies of the application services:"
                + " tomcat (port " + pair.services.get(1).port() + " answers on 127.0.0.1)", "nothing was changed.");
        assertThat(pair.n2().changes()).isEmpty();
    }

    @Test
    void masterSetWithTheOtherNodeUnreachableStillRefusesWhenItsVipAnswersArp() {
        pair.halt(pair.n1(), "tomcat");
        pair.n1().reachable = false;
        int exit = masterSet("n2", false);
        assertThat(exit).isEqualTo(2);
        assertThat(pair.out()).contains("REFUSED: n1 is unreachable", "is still answered by [02:00:00:00:00:0b]",
                "IP conflict", "--force", "nothing was changed");
        assertThat(pair.n2().changes()).isEmpty();
    }

    @Test
    void masterSetTakesControlAnywayWhenTheOtherNodeIsLostAndNothingOfItAnswers() {
        pair.halt(pair.n1(), "tomcat");
        pair.halt(pair.n1(), "backend");
        pair.n1().vips.clear();
        pair.n1().reachable = false;
        int exit = masterSet("n2", false);
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).contains("n1: UNREACHABLE (", "assumed down; n2 takes control anyway (nobody answers"
                + " ARP for 127.0.0.88)", "master-set: done. n2 is the active application server; n1 was unreachable:"
                + " check it before it comes back");
        assertThat(pair.n2().changes()).contains("backend-ctl start n2", "tomcat-ctl start n2");
    }

    @Test
    void aNodeFailoversApplicationHalf_theLostNodeNotAskedAgain_theArpAndPortRulesStillLive() {
        pair.halt(pair.n1(), "tomcat");
        pair.halt(pair.n1(), "backend");
        pair.n1().vips.clear();
        // n1 would answer now: told unreachable by the database half, it is not asked (its connect timeout not paid)
        int exit = new AppMasterSet(pair.config, pair.shells()).run(pair.runner(), pair.cfg("n2"), false,
                "ssh to n1 timed out");
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).contains("unreachable a moment ago in this operation (ssh to n1 timed out): not asked"
                + " again", "n2 takes control anyway (nobody answers ARP for 127.0.0.88)");
        assertThat(pair.n1().changes()).as("nothing done on n1").isEmpty();
        assertThat(pair.n2().changes()).contains("backend-ctl start n2", "tomcat-ctl start n2");
    }

    @Test
    void aNodeFailoversApplicationHalf_theLostNodeNotAskedAgain_butItsVipAnsweringArpStillRefuses() {
        pair.halt(pair.n1(), "tomcat");
        pair.halt(pair.n1(), "backend");
        int exit = new AppMasterSet(pair.config, pair.shells()).run(pair.runner(), pair.cfg("n2"), false,
                "ssh to n1 timed out");
        assertThat(exit).isEqualTo(2);
        assertThat(pair.out()).contains("REFUSED: n1 is unreachable (ssh to n1 timed out)", "IP conflict");
        assertThat(pair.n2().changes()).isEmpty();
    }

    @Test
    void masterSetOnTheActiveNodeHasNothingToDo() {
        int exit = masterSet("n1", false);
        assertThat(exit).isZero();
        assertThat(pair.out()).contains("nothing to do: n1 already holds app VIP 127.0.0.88 and runs all services");
        assertThat(pair.n1().changes()).isEmpty();
    }
}
