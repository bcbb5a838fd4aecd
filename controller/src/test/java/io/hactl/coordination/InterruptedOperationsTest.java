package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.Ensembles.Member;
import io.hactl.coordination.InterruptedOperations.Interrupted;
import io.hactl.coordination.OperationRecord.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** What a new leader finds of the operation its predecessor was running when it was lost. */
class InterruptedOperationsTest {

    static TestingServer server;
    final List<Member> members = new ArrayList<>();
    Member first;
    Epoch firstEpoch;

    @BeforeAll
    static void server() throws Exception {
        server = Ensembles.server();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void threeControllers(TestInfo test) {
        String cluster = test.getTestMethod().orElseThrow().getName();
        for (String n : List.of("n1", "n2", "w")) {
            members.add(Member.start(server.getConnectString(), cluster, n, e -> { }));
        }
        await().atMost(Ensembles.PATIENCE).until(() -> members.stream().filter(Member::mayStartSteps).count() == 1);
        first = members.stream().filter(Member::mayStartSteps).findFirst().orElseThrow();
        firstEpoch = first.leadership().mayStartSteps().epoch();
    }

    @AfterEach
    void stopControllers() {
        members.forEach(Member::close);
    }

    /** The first leader's controller dies: its session ends with its process. */
    private Member killFirstAndAwaitTheNext() {
        first.coordinator().close();
        List<Member> rest = members.stream().filter(m -> m != first).toList();
        await().atMost(Ensembles.PATIENCE).until(() -> rest.stream().filter(Member::mayStartSteps).count() == 1);
        return rest.stream().filter(Member::mayStartSteps).findFirst().orElseThrow();
    }

    @Test
    void theNextLeaderReadsInterruptedAfterTheLastFinishedStepOnce() {
        first.state().startOperation(firstEpoch, "o-1", "failover", "p-1");
        first.state().stepIntent(firstEpoch, "o-1", 1, "db-read-only n1");
        first.state().stepResult(firstEpoch, "o-1", 1, true, "n1 read-only");
        first.state().stepIntent(firstEpoch, "o-1", 2, "promote n2");

        Member next = killFirstAndAwaitTheNext();
        Epoch epoch = next.leadership().mayStartSteps().epoch();
        InterruptedOperations interrupted = new InterruptedOperations(next.state());

        Interrupted found = interrupted.takeOver(epoch).orElseThrow();
        assertThat(found.afterStep()).isEqualTo(1);
        assertThat(found.afterStepName()).isEqualTo("db-read-only n1");
        assertThat(found.inFlight()).isNotNull().extracting(OperationRecord.Step::name).isEqualTo("promote n2");
        assertThat(found.operation().proposalId()).isEqualTo("p-1");
        assertThat(found.sentence()).startsWith("INTERRUPTED after step 1 (db-read-only n1): failover o-1 (proposal p-1), "
                        + "started by " + first.name() + " in epoch " + firstEpoch.number())
                .contains("step 2 (promote n2) started at ").contains("with no result: its effect is unknown");

        assertThat(interrupted.takeOver(epoch)).as("reported once").isEmpty();
        OperationRecord marked = next.state().operation().orElseThrow().value();
        assertThat(marked.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(marked.outcome()).isEqualTo(found.sentence());
    }

    @Test
    void anOperationLostBeforeItsFirstStepFinishedSaysSo() {
        first.state().startOperation(firstEpoch, "o-1", "switchover", null);
        first.state().stepIntent(firstEpoch, "o-1", 1, "db-read-only n1");

        Member next = killFirstAndAwaitTheNext();
        Interrupted found = new InterruptedOperations(next.state()).takeOver(next.leadership().mayStartSteps().epoch())
                .orElseThrow();

        assertThat(found.afterStep()).isZero();
        assertThat(found.sentence()).startsWith("INTERRUPTED before step 1 (db-read-only n1) finished: switchover o-1, "
                + "started by " + first.name());
    }

    @Test
    void anOperationThatEndedOrIsTheLeadersOwnIsNotInterrupted() {
        InterruptedOperations own = new InterruptedOperations(first.state());
        first.state().startOperation(firstEpoch, "o-1", "switchover", null);

        assertThat(own.takeOver(firstEpoch)).as("this leadership's own running operation").isEmpty();

        first.state().finishOperation(firstEpoch, "o-1", true, "n2 is master");
        Member next = killFirstAndAwaitTheNext();

        assertThat(new InterruptedOperations(next.state()).takeOver(next.leadership().mayStartSteps().epoch()))
                .as("an operation that ended").isEmpty();
    }
}
