package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.state.ClusterEvent;
import io.hactl.state.ClusterMachine;
import io.hactl.state.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/controller.md's "Rules and observations" table is written by hand from the configured
 * machine: this test fails when a transition of {@link ClusterMachine#transitions()} is missing
 * from it, is in the wrong column, or names another guard.
 */
class RulesAndObservationsDocTest {

    private final List<ClusterMachine.Row> rows = ClusterMachine.create().transitions();

    private List<String> table(String kind) throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/controller.md").normalize();
        return Files.readString(doc).lines().filter(l -> l.startsWith("| " + kind + " | ")).toList();
    }

    @Test
    @DisplayName("Every proposal transition of the machine is a rule in docs/controller.md, with its event and guard")
    void everyProposalTransitionIsARuleWithItsEventAndGuard() throws IOException {
        List<ClusterMachine.Row> rules = rows.stream().filter(r -> r.event().seenState() == null).toList();
        List<String> lines = table("rule");

        assertThat(lines).hasSameSizeAs(rules);
        for (ClusterMachine.Row r : rules) {
            String head = "| rule | " + r.source() + " → " + r.target() + " | `" + r.event() + "`: ";
            assertThat(lines).as("the rule %s", r).anySatisfy(l -> {
                assertThat(l).startsWith(head);
                assertThat(l.substring(head.length())).contains(r.guard().isEmpty() ? "| none" : "| `" + r.guard() + "`: ");
            });
        }
    }

    @Test
    @DisplayName("Every observation of the machine is an observation in docs/controller.md, with the states it is not taken from")
    void everyObservationIsAnObservationWithTheStatesItIsNotTakenFrom() throws IOException {
        List<String> lines = table("observation");

        assertThat(lines).hasSameSizeAs(ClusterEvent.observable());
        for (ClusterState seen : ClusterEvent.observable()) {
            Set<ClusterState> from = rows.stream().filter(r -> r.event() == ClusterEvent.seen(seen))
                    .map(ClusterMachine.Row::source).collect(Collectors.toSet());
            Set<ClusterState> not = EnumSet.allOf(ClusterState.class);
            not.removeAll(from);
            not.remove(seen);
            String states = not.isEmpty() ? "any state"
                    : "any state but " + not.stream().map(Enum::name).collect(Collectors.joining(", "));
            assertThat(lines).contains(lines.stream().filter(l -> l.startsWith("| observation | " + states + " → " + seen
                    + " | `" + ClusterEvent.seen(seen) + "`: ")).findFirst().orElse("no line for " + seen + " from " + states));
        }
    }
}
