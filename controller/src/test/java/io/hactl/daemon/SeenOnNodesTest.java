package io.hactl.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.coordination.Epoch;
import io.hactl.coordination.StepPermission;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeenOnNodesTest {

    final SeenOnNodes seen = new SeenOnNodes();

    @Test
    @DisplayName("After a node refused a step with epoch 8, a leadership of epoch 7 or 8 starts nothing; 9 may")
    void afterANodeRefusedAStepNothingStartsUntilAHigherEpoch() {
        seen.record(8);
        seen.record(5);

        StepPermission at7 = seen.check(StepPermission.granted(new Epoch(7, 6)));
        StepPermission at8 = seen.check(StepPermission.granted(new Epoch(8, 7)));

        assertThat(at7.granted()).isFalse();
        assertThat(at7.refusal()).isEqualTo("deposed: a node has seen epoch 8, this controller leads with 7; not"
                + " starting steps until it leads with a higher one");
        assertThat(at8.granted()).isFalse();
        assertThat(seen.check(StepPermission.granted(new Epoch(9, 8))).granted()).isTrue();
    }

    @Test
    @DisplayName("A refusal stays the leadership's own; nothing seen: the permission as it is")
    void aRefusalOrNothingSeenPassesThrough() {
        StepPermission refused = StepPermission.refused("not the leader (n2 leads); not starting steps");
        assertThat(seen.check(refused)).isSameAs(refused);
        StepPermission granted = StepPermission.granted(new Epoch(1, 0));
        assertThat(seen.check(granted)).isSameAs(granted);
    }
}
