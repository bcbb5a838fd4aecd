package io.hactl.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.NodeConfig;
import io.hactl.config.CoordinationSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** controller.coordination.member: written, or this host's node name, or a refusal naming the fix. */
class CoordinationMemberTest {

    static final List<NodeConfig> NODES = List.of(new NodeConfig("n1", "198.51.100.11", "eth0", null),
            new NodeConfig("n2", "198.51.100.12", "eth0", null));
    static final Path FILE = Path.of("/etc/hactl/hactl.yml");

    @Test
    void aWrittenMemberIsKept() throws Exception {
        CoordinationSettings s = CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "pair1", "w");
        assertThat(CoordinationMember.resolve(s, NODES, List.of("198.51.100.12"), FILE).member()).isEqualTo("w");
    }

    @Test
    void withoutAMemberTheNodeWhoseAddressIsHereIsTheMember() throws Exception {
        CoordinationSettings s = CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "pair1", null);
        assertThat(CoordinationMember.resolve(s, NODES, List.of("127.0.0.1", "198.51.100.12"), FILE))
                .isEqualTo(CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "pair1", "n2"));
    }

    @Test
    void withoutAMemberOnAHostThatIsNoNodeTheStartIsRefusedNamingTheKey() {
        CoordinationSettings s = CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "pair1", null);
        assertThatThrownBy(() -> CoordinationMember.resolve(s, NODES, List.of("127.0.0.1", "198.51.100.13"), FILE))
                .isInstanceOf(ControllerDaemon.StartFailed.class)
                .hasMessageContaining("controller.coordination.member")
                .hasMessageContaining("198.51.100.13")
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("member: w");
    }
}
