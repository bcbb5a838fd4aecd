package io.hactl.ops.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hactl master-unset} and the controller's DETACH_APP_VIP (a VIP conflict), one implementation. */
class AppMasterUnsetTest {

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

    @Test
    void masterUnsetStopsTheServicesAndDetachesTheVip() {
        int exit = new AppMasterUnset(pair.config, pair.shells()).run(pair.runner(), pair.cfg("n1"));
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).containsSubsequence("master-unset: detach app VIP 127.0.0.88 from n1 and stop its services",
                "1. n1   stop tomcat", "2. n1   stop backend", "3. n1   detach app VIP 127.0.0.88/8 ... ok: removed",
                "master-unset: done. n1 no longer holds app VIP 127.0.0.88");
        assertThat(pair.n1().vips).isEmpty();
        assertThat(pair.n1().running).isEmpty();
        assertThat(pair.n2().commands).isEmpty();
    }

    @Test
    void detachingTheAppVipFromTheWrongNodeAnnouncesItFromTheKeeperAndChecksItAloneAnswers() {
        // the conflict: n2 holds the app VIP too (no services there)
        pair.n2().vips.add(FakeNodes.VIP);
        int exit = new AppMasterUnset(pair.config, pair.shells()).run(pair.runner(), pair.cfg("n2"), pair.cfg("n1"));
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).containsSubsequence("stop tomcat ... skipped: not running",
                "detach app VIP 127.0.0.88/8 ... ok: removed",
                "n1   announce app VIP 127.0.0.88 (gratuitous ARP): clients that cached n2's MAC send to n1 again ... ok",
                "n2   verify 127.0.0.88 is answered by n1 only ... ok",
                "master-unset: done. n2 no longer holds app VIP 127.0.0.88; n1 alone answers for it");
        assertThat(pair.n2().vips).isEmpty();
        assertThat(pair.n1().vips).containsExactly(FakeNodes.VIP);
        assertThat(pair.n1().running).containsOnlyKeys("backend", "tomcat");
    }
}
