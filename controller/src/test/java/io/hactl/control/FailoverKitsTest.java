package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.api.ApiFixtures;
import io.hactl.config.HactlConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.db.FailoverKit;
import io.hactl.ops.db.RecordingDbAdmin;
import io.hactl.ops.db.SimulatedPair;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failovers made ready while their proposals wait (issue 20): one kit per pending FAILOVER, made again at half its
 * freshness, taken by its operation, closed when another operation starts or a while after its proposal left.
 */
class FailoverKitsTest {

    @TempDir
    Path dir;

    HactlConfig cfg;
    long now;
    final List<FailoverKit> made = new ArrayList<>();
    final List<String> effects = new CopyOnWriteArrayList<>();
    FailoverKits kits;

    @BeforeEach
    void setUp() {
        cfg = SimulatedPair.config(dir, "198.51.100.89");
        kits = new FailoverKits(name -> {
            FailoverKit k = FailoverKit.ahead(cfg, n -> new Quiet(n.name()), n -> new RecordingDbAdmin(n.name(), effects),
                    cfg.node(name).orElseThrow(), () -> now);
            made.add(k);
            return k;
        }, () -> now);
    }

    @Test
    void aPendingFailoverIsMadeReady_onceUntilHalfItsFreshness_thenAgain_theOldOneClosed() {
        Proposal p = ApiFixtures.failover("p-1");
        kits.pending(List.of(p));
        kits.pending(List.of(p));
        assertThat(made).hasSize(1);
        assertThat(made.get(0).target()).isEqualTo("n2");

        now += FailoverKit.FRESH.dividedBy(2).toNanos();
        kits.pending(List.of(p));

        assertThat(made).hasSize(2);
        assertThat(made.get(0).fresh()).as("the old one closed").isFalse();
        assertThat(kits.take("p-1")).containsSame(made.get(1));
        assertThat(kits.size()).isZero();
        assertThat(made.get(1).fresh()).as("the caller's now, open").isTrue();
        made.get(1).close();
    }

    @Test
    void onlyPendingFailovers_getAKit() {
        Proposal resync = new Proposal("p-2", Proposal.Kind.RESYNC, "n2", "n1", "rebuild n2 from n1", "n2 diverged",
                List.of(), "none", Instant.now(), Instant.now().plusSeconds(900), null, Proposal.Status.PENDING, null,
                null, null);
        Proposal rejected = ApiFixtures.failover("p-3").decided(Proposal.Status.REJECTED, "bob", Instant.now(), "no");
        kits.pending(List.of(resync, rejected));
        assertThat(made).isEmpty();
        assertThat(kits.take("p-2")).isEmpty();
    }

    @Test
    void aKitOutlivesItsProposalForAMoment_forItsOperationToTakeIt_thenIsClosed() {
        kits.pending(List.of(ApiFixtures.failover("p-1")));
        kits.pending(List.of());
        assertThat(made.get(0).fresh()).as("kept for the operation starting on its own thread").isTrue();

        now += FailoverKits.LINGER.plus(Duration.ofMillis(1)).toNanos();
        kits.pending(List.of());

        assertThat(made.get(0).fresh()).isFalse();
        assertThat(kits.take("p-1")).isEmpty();
    }

    @Test
    void anotherOperationClosesThemAll_andAStoppedControllerMakesNoMore() {
        kits.pending(List.of(ApiFixtures.failover("p-1")));
        kits.closeAll();
        assertThat(made.get(0).fresh()).isFalse();
        assertThat(kits.take("p-1")).isEmpty();

        kits.close();
        kits.pending(List.of(ApiFixtures.failover("p-4")));
        assertThat(made).hasSize(1);
    }

    /** A shell that is not ssh: nothing is prepared on it (the failover then runs its commands the ordinary way). */
    record Quiet(String node) implements NodeShell {
        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            return new CommandResult(node, command, 0, "", "", Duration.ZERO);
        }
    }
}
