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
    void aControllerAlreadyOutOfTheElectionStillGetsTheSelfFencesTime() throws Exception {
        String s = LeaseEnd.await("n1", () -> Optional.of(Set.of("n2", "w")), Duration.ofSeconds(3), slept::add);
        assertThat(slept).containsExactly(Duration.ofMillis(1500));
        assertThat(s).contains("n1's controller holds no ZooKeeper session (seen after 0.0 s of waiting, then 1.5 s",
                "n1's lease is over");
    }

    @Test
    void theWaitEndsWhenTheMemberLeavesThenTheSelfFencesRemainingTime() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String s = LeaseEnd.await("n1", () -> Optional.of(asked.incrementAndGet() < 4 ? Set.of("n1", "n2", "w")
                : Set.of("n2", "w")), Duration.ofSeconds(3), slept::add);
        assertThat(asked.get()).isEqualTo(4);
        // three polls, then 2.5 s - 3 s / 3 = 1.5 s for the self-fence to finish
        assertThat(slept).containsExactly(LeaseEnd.POLL, LeaseEnd.POLL, LeaseEnd.POLL, Duration.ofMillis(1500));
        assertThat(s).contains("seen after 0.6 s of waiting, then 1.5 s for a self-fence to finish",
                "n1's lease is over");
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
