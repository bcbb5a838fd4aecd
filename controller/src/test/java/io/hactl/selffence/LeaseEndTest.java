package io.hactl.selffence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseEndTest {

    final List<Duration> slept = new ArrayList<>();

    @Test
    void aControllerNotInTheElectionHasNoLeaseAndNothingIsWaited() throws Exception {
        String s = LeaseEnd.await("n1", () -> Optional.of(Set.of("n2", "w")), Duration.ofSeconds(6), slept::add);
        assertThat(slept).isEmpty();
        assertThat(s).contains("n1's controller is not in the election", "no lease");
    }

    @Test
    void theWaitEndsWhenTheMemberLeavesThenTheSelfFencesRemainingTime() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String s = LeaseEnd.await("n1", () -> Optional.of(asked.incrementAndGet() < 4 ? Set.of("n1", "n2", "w")
                : Set.of("n2", "w")), Duration.ofSeconds(3), slept::add);
        assertThat(asked.get()).isEqualTo(4);
        // three polls, then 2.5 s - 3 s / 3 = 1.5 s for the self-fence to finish
        assertThat(slept).containsExactly(LeaseEnd.POLL, LeaseEnd.POLL, LeaseEnd.POLL, Duration.ofMillis(1500));
        assertThat(s).contains("n1's controller's ZooKeeper session ended", "then 1.5 s for its self-fence",
                "n1 has fenced itself");
    }

    @Test
    void withASessionTimeoutOfSevenAndAHalfSecondsTheSessionsEndIsEnough() {
        assertThat(LeaseEnd.afterSessionEnd(Duration.ofMillis(7500))).isZero();
        assertThat(LeaseEnd.afterSessionEnd(Duration.ofSeconds(6))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aMemberThatKeepsItsSessionIsWaitedForAtMostTheSessionAndTheFencesTimeAndTheSentenceSaysSo() throws Exception {
        String s = LeaseEnd.await("n1", () -> Optional.of(Set.of("n1", "n2", "w")), Duration.ofSeconds(2),
                slept::add);
        assertThat(s).contains("still holds its ZooKeeper session after 4.5 s", "going on");
        assertThat(slept).hasSize(23).allMatch(LeaseEnd.POLL::equals);
    }
}
