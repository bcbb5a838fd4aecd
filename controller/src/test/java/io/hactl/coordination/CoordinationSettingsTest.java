package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** controller.coordination: defaults, the tree's base path, and every mistake as a sentence naming key and fix. */
class CoordinationSettingsTest {

    private static CoordinationSettings with(String connect, String cluster, String member, Duration session,
                                             Duration connection) {
        return new CoordinationSettings(connect, cluster, member, session, connection);
    }

    @Test
    void defaultsAreASixSecondSessionAndAThreeSecondConnectionTimeout() {
        CoordinationSettings s = CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "shop", "n1");

        assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.validate()).isEmpty();
    }

    @Test
    void theTreeLivesUnderHactlAndTheClusterName() {
        CoordinationSettings s = CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "shop", "n1");

        assertThat(s.basePath()).isEqualTo("/hactl/shop");
        assertThat(s.path("epoch")).isEqualTo("/hactl/shop/epoch");
    }

    @Test
    void theMembersAreReadFromTheConnectString() {
        CoordinationSettings s = CoordinationSettings.of(" h1:2181, h2:2182 ,198.51.100.13:2181", "shop", "n1");

        assertThat(s.members()).extracting(CoordinationSettings.Member::text)
                .containsExactly("h1:2181", "h2:2182", "198.51.100.13:2181");
        assertThat(s.members().get(1).port()).isEqualTo(2182);
        assertThat(s.majority()).isEqualTo(2);
    }

    @Test
    void missingKeysAreNamedWithWhatToWrite() {
        List<String> problems = with(null, " ", null, null, null).validate();

        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).startsWith("controller.coordination.connect is missing")
                .contains("h1:2181,h2:2181,h3:2181");
        assertThat(problems.get(1)).startsWith("controller.coordination.cluster is missing").contains("/hactl/<cluster>");
        assertThat(problems.get(2)).startsWith("controller.coordination.member is missing");
        assertThat(problems.get(3)).startsWith("controller.coordination.session_timeout is missing").contains("6s");
        assertThat(problems.get(4)).startsWith("controller.coordination.connection_timeout is missing").contains("3s");
    }

    @Test
    void aMemberWithoutAPortOrWithABadPortIsNamed() {
        List<String> problems = CoordinationSettings.of("h1:2181,h2,h3:99999", "shop", "n1").validate();

        assertThat(problems).containsExactly(
                "controller.coordination.connect: 'h2' has no port; write host:port (h2:2181)",
                "controller.coordination.connect: the port of 'h3:99999' is not a number from 1 to 65535; "
                        + "write host:port (h3:2181)");
    }

    @Test
    void aChrootPathIsRefusedBecauseTheTreeHasItsOwnBase() {
        List<String> problems = CoordinationSettings.of("h1:2181,h2:2181,h3:2181/apps", "shop", "n1").validate();

        assertThat(problems).singleElement().asString()
                .startsWith("controller.coordination.connect: '/apps' is a chroot path")
                .contains("/hactl/shop").contains("remove '/apps'");
    }

    @Test
    void aMemberNamedTwiceIsRefused() {
        List<String> problems = CoordinationSettings.of("h1:2181,h2:2181,h1:2181", "shop", "n1").validate();

        assertThat(problems).singleElement().asString()
                .isEqualTo("controller.coordination.connect names h1:2181 twice; name each ZooKeeper member once");
    }

    @Test
    void anEvenNumberOfMembersIsRefusedBecauseItAddsNoTolerance() {
        List<String> problems = CoordinationSettings.of("h1:2181,h2:2181", "shop", "n1").validate();

        assertThat(problems).singleElement().asString()
                .startsWith("controller.coordination.connect names 2 members")
                .contains("name 3 (the two nodes and the witness)");
    }

    @Test
    void namesThatCannotBeAZooKeeperPathSegmentAreRefused() {
        List<String> problems = CoordinationSettings.of("h1:2181", "shop/eu", "..").validate();

        assertThat(problems).containsExactly(
                "controller.coordination.cluster: 'shop/eu' is not a name; use letters, digits, '.', '_' and '-' "
                        + "(it is the ZooKeeper path /hactl/<cluster>)",
                "controller.coordination.member: '..' is not a name; use letters, digits, '.', '_' and '-' "
                        + "(this controller's name: n1, n2 or w)");
    }

    @Test
    void aSessionTimeoutOutsideTwoToSixtySecondsIsRefused() {
        assertThat(with("h1:2181", "shop", "n1", Duration.ofMillis(500), Duration.ofMillis(200)).validate())
                .singleElement().asString()
                .startsWith("controller.coordination.session_timeout: 500ms is below 2s")
                .contains("default 6s");
        assertThat(with("h1:2181", "shop", "n1", Duration.ofMinutes(2), Duration.ofSeconds(3)).validate())
                .singleElement().asString()
                .startsWith("controller.coordination.session_timeout: 2m is above 1m")
                .contains("default 6s");
    }

    @Test
    void theConnectionTimeoutMustEndBeforeTheSession() {
        assertThat(with("h1:2181", "shop", "n1", Duration.ofSeconds(6), Duration.ofSeconds(6)).validate())
                .singleElement().asString()
                .isEqualTo("controller.coordination.connection_timeout: 6s is not below session_timeout 6s; "
                        + "a connection attempt must end while the session lives: use at most half of it (3s)");
        assertThat(with("h1:2181", "shop", "n1", Duration.ofSeconds(6), Duration.ZERO).validate())
                .singleElement().asString()
                .startsWith("controller.coordination.connection_timeout: 0s is not positive");
    }

    @Test
    void invalidSettingsAreRefusedWithEveryProblemAtOnce() {
        CoordinationSettings bad = with("h1", "", "n1", Duration.ofSeconds(6), Duration.ofSeconds(3));

        assertThatThrownBy(bad::requireValid).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'h1' has no port")
                .hasMessageContaining("controller.coordination.cluster is missing");
    }
}
