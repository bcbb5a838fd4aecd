package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.LabStatus.Controller;
import io.hactl.lab.LabStatus.Ensemble;
import io.hactl.lab.LabStatus.Member;
import io.hactl.lab.LabStatus.ZkMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lab status} lists the controllers the lab started, and they do not decide "all up". */
class LabStatusControllersTest {

    private static LabStatus status(List<Controller> controllers) {
        Ensemble ensemble = Ensemble.of(List.of(
                new Member("n1", "198.51.100.11:2181", 11L, true, ZkMode.FOLLOWER, 60_000),
                new Member("n2", "198.51.100.12:2181", 12L, true, ZkMode.FOLLOWER, 60_000),
                new Member("w", "198.51.100.13:2181", 13L, true, ZkMode.LEADER, 60_000)));
        LabStatus.Node w = new LabStatus.Node("w", "hactl-w", "198.51.100.13", true, true, true,
                List.of("198.51.100.13/24"), List.of());
        return new LabStatus("/var/lib/hactl-lab", "/var/lib/hactl-lab/hactl.yml", true, true, true,
                List.of("hactl-n1", "hactl-n2", "hactl-w"), List.of(), w, ensemble, controllers, true, List.of());
    }

    @Test
    void statusListsEachStartedControllerWithItsPidAndRss() {
        String text = status(List.of(new Controller("n1", 4242L, true, 200 * 1024),
                new Controller("n2", null, false, 0), new Controller("w", 4343L, true, 210 * 1024))).render();

        assertThat(text).contains("controllers 2 of 3 alive")
                .containsPattern("(?m)^    n1  pid 4242  alive  200 MB$")
                .containsPattern("(?m)^    n2  -         down$")
                .containsPattern("(?m)^    w   pid 4343  alive  210 MB$")
                .contains("status      all up");
    }

    @Test
    void statusSaysWhenNoControllerWasStarted() {
        assertThat(status(List.of()).render()).contains("controllers none started");
    }

    @Test
    void controllersCountInTheLabsRss() {
        assertThat(status(List.of(new Controller("w", 1L, true, 100 * 1024))).totalRssKb())
                .isEqualTo(3 * 60_000 + 100 * 1024);
    }
}
