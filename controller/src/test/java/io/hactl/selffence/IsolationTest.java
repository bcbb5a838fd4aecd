package io.hactl.selffence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IsolationTest {

    @Test
    void cutOffFromZookeeperAndThePeerTheNodeFencesItselfAndSaysWhy() {
        Isolation.Verdict v = Isolation.decide(new Isolation.Facts("n1", false, Duration.ofMillis(2300), "n2", null,
                "198.51.100.12:3306: connect timed out"));
        assertThat(v.fence()).isTrue();
        assertThat(v.sentence()).contains("n1 is cut off", "ZooKeeper unusable for 2.3 s",
                "n2 does not answer: 198.51.100.12:3306: connect timed out", "fencing n1 itself");
    }

    @Test
    void thePeerAnsweringMeansZookeeperIsWhatIsLostAndThePairKeepsServing() {
        Isolation.Verdict v = Isolation.decide(new Isolation.Facts("n1", false, Duration.ofSeconds(3), "n2",
                "198.51.100.12:3306", null));
        assertThat(v.fence()).isFalse();
        assertThat(v.sentence()).contains("not fencing n1", "n2 answers at 198.51.100.12:3306",
                "the pair keeps serving as it is");
    }

    @Test
    void aConnectionBackBeforeTheVerdictFencesNothing() {
        Isolation.Verdict v = Isolation.decide(new Isolation.Facts("n1", true, Duration.ofSeconds(3), "n2", null,
                "timed out"));
        assertThat(v.fence()).isFalse();
        assertThat(v.sentence()).contains("connection is back");
    }
}
