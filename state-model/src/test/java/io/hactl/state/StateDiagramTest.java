package io.hactl.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/state-machine.md is generated from the configured machine: this test fails when the file
 * is stale, and writes it with {@code -Dhactl.regen=true}.
 */
class StateDiagramTest {

    static final String STALE = "docs/state-machine.md is stale: regenerate with " + StateDiagram.REGENERATE;

    private final String fresh = StateDiagram.markdown(ClusterMachine.create());

    @Test
    void docsStateMachineIsCurrent() throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/state-machine.md").normalize();
        if (Boolean.getBoolean("hactl.regen")) {
            Files.writeString(doc, fresh);
        }
        if (!Files.exists(doc)) {
            fail(STALE + " (" + doc + " does not exist)");
        }
        String onDisk = Files.readString(doc);
        if (!onDisk.equals(fresh)) {
            fail(STALE + "\n" + firstDifference(onDisk, fresh));
        }
    }

    @Test
    void diagramHasTheProposalTransitionsWithTheirGuards() {
        assertThat(fresh).contains("```mermaid\nstateDiagram-v2\n    [*] --> STARTING\n"
                + "    MASTER_DOWN --> FAILOVER_PROPOSED : PROPOSE_FAILOVER [failoverAllowed]\n"
                + "    FAILOVER_PROPOSED --> SWITCHING : ACK_FAILOVER [proposalValid]\n"
                + "    FAILOVER_PROPOSED --> MASTER_DOWN : REJECT_FAILOVER\n"
                + "    FAILOVER_PROPOSED --> MASTER_DOWN : EXPIRE_FAILOVER\n");
    }

    @Test
    void observationsAreOneEdgeEachFromAnyState_withTheirExceptions() {
        for (ClusterState seen : ClusterEvent.observable()) {
            assertThat(fresh).contains("    ANY --> " + seen + " : SEEN_" + seen);
        }
        assertThat(fresh).contains("    ANY --> MASTER_DOWN : SEEN_MASTER_DOWN (not from FAILOVER_PROPOSED)\n");
        assertThat(fresh).contains("| `SEEN_MASTER_DOWN` | MASTER_DOWN | every other state but FAILOVER_PROPOSED |\n");
        assertThat(fresh).contains("| `SEEN_DEGRADED` | DEGRADED | every other state |\n");
    }

    @Test
    void tableHasEveryTransitionAndEveryStateItsMeaning() {
        ClusterMachine cm = ClusterMachine.create();
        List<String> rows = fresh.lines().filter(l -> l.matches("\\| [A-Z_]+ \\| `[A-Z_]+` \\| [A-Z_]+ \\| .*")).toList();
        assertThat(rows).hasSize(cm.transitions().size());
        assertThat(rows).contains("| MASTER_DOWN | `PROPOSE_FAILOVER` | FAILOVER_PROPOSED | `failoverAllowed` |",
                "| STARTING | `SEEN_ACTIVE_SYNCED` | ACTIVE_SYNCED |  |");
        for (ClusterState s : ClusterState.values()) {
            assertThat(fresh).contains("| " + s + " | " + s.severity() + " | " + s.description() + " |");
        }
    }

    @Test
    void nodeFailoverHasItsPlaceNextToFailover() {
        assertThat(fresh).contains("    note right of FAILOVER_PROPOSED : FAILOVER, or NODE_FAILOVER when the master's node"
                + " is lost and held the active application: one proposal for both halves\n");
        assertThat(fresh).contains("| MASTER_DOWN | CRITICAL | " + ClusterState.MASTER_DOWN.description()
                + " | FAILOVER, NODE_FAILOVER |");
        assertThat(fresh).contains("| NODE_FAILOVER | MASTER_DOWN; application NODE_LOST | through the machine:"
                + " MASTER_DOWN --PROPOSE_FAILOVER--> FAILOVER_PROPOSED --ACK_FAILOVER--> SWITCHING |");
    }

    @Test
    void everyProposalKindSaysWhereItComesFromAndHowItRuns() {
        for (Proposal.Kind k : Proposal.Kind.values()) {
            assertThat(fresh).containsPattern("\\| " + k + " \\| [A-Za-z_ ,;]+ \\| [^|]+ \\|");
        }
        assertThat(fresh).contains("| RESTART_SERVICES | application SERVICES_DOWN | directly; the cluster machine is"
                + " untouched (an application proposal) |");
        assertThat(fresh).contains("| MOVE_APP | application NODE_LOST, SPLIT_FROM_DB | directly; the cluster machine is"
                + " untouched (an application proposal) |");
        assertThat(fresh).contains("| DETACH_VIP | SPLIT_BRAIN | directly; its acknowledgement shows SWITCHING |");
    }

    @Test
    void diagramShowsTheApplicationStates_whatEachMeans_andTheProposalEachLeadsTo() {
        assertThat(fresh).contains("## The application side");
        for (AppState s : AppState.values()) {
            String leads = s.leadsTo().isEmpty() ? "" : String.join(", ", s.leadsTo().stream().map(Enum::name).toList());
            assertThat(fresh).contains("| " + s + " | " + s.severity() + " | " + s.description() + " | " + leads + " |");
        }
        assertThat(fresh).contains("```mermaid\nflowchart LR\n");
        assertThat(fresh).contains("    SERVICES_DOWN --> P_RESTART_SERVICES([RESTART_SERVICES])\n",
                "    NODE_LOST --> P_MOVE_APP([MOVE_APP])\n", "    NODE_LOST --> P_NODE_FAILOVER([NODE_FAILOVER])\n",
                "    SPLIT_FROM_DB --> P_MOVE_APP([MOVE_APP])\n", "    VIP_CONFLICT --> P_DETACH_APP_VIP([DETACH_APP_VIP])\n",
                "    VIP_MISSING --> P_ATTACH_APP_VIP([ATTACH_APP_VIP])\n");
    }

    private static String firstDifference(String a, String b) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String l = i < x.size() ? x.get(i) : "(end of file)";
            String r = i < y.size() ? y.get(i) : "(end)";
            if (!l.equals(r)) {
                return "first difference at line " + (i + 1) + ":\n  file:      " + l + "\n  generated: " + r;
            }
        }
        return "they differ in line endings";
    }
}
