package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** database.copy.direct: auto|off: whether the physical copy goes node to node or through this machine, and why. */
class CopyRouteTest {

    static final String SOCAT = "socat version 1.7.4.4 on 06 Nov 2022 08:15:51";

    static CopyRoute.Facts facts(boolean auto, String nodeSocat, String masterSocat, String unreachable) {
        return new CopyRoute.Facts("n2", "198.51.100.12", "n1", auto, 4444, nodeSocat, masterSocat, unreachable);
    }

    @Test
    void auto_goesDirect_whenBothNodesHaveSocat_andTheTargetsPortIsReachableFromTheMaster_andSaysWhy() {
        CopyRoute.Route r = CopyRoute.choose(facts(true, SOCAT, SOCAT, null));
        assertThat(r.direct()).isTrue();
        assertThat(r.why()).isEqualTo("direct n1 -> n2 (database.copy.direct: auto): both nodes have socat and n1"
                + " reaches n2 on 198.51.100.12:4444; plain TCP on the nodes' network (database.copy.direct: off keeps"
                + " it inside SSH)");
    }

    @Test
    void off_goesThroughThisMachine_asConfigured() {
        CopyRoute.Route r = CopyRoute.choose(facts(false, SOCAT, SOCAT, null));
        assertThat(r.direct()).isFalse();
        assertThat(r.why()).isEqualTo("through this machine, n1 -> hactl -> n2, inside SSH (database.copy.direct:"
                + " off)");
    }

    @Test
    void auto_goesThroughThisMachine_whenANodeHasNoSocat_namingItAndThePackage() {
        CopyRoute.Route r = CopyRoute.choose(facts(true, SOCAT, null, null));
        assertThat(r.direct()).isFalse();
        assertThat(r.why()).isEqualTo("through this machine, n1 -> hactl -> n2, inside SSH (database.copy.direct:"
                + " auto): n1 has no socat (Debian package socat: install it on both nodes for the direct stream)");
        assertThat(CopyRoute.choose(facts(true, null, SOCAT, null)).why()).contains("n2 has no socat");
    }

    @Test
    void auto_goesThroughThisMachine_whenTheMasterCannotReachTheTargetsPort_sayingWhatFailedAndTheFix() {
        CopyRoute.Route r = CopyRoute.choose(facts(true, SOCAT, SOCAT, "socat on n1: Connection refused"));
        assertThat(r.direct()).isFalse();
        assertThat(r.why()).isEqualTo("through this machine, n1 -> hactl -> n2, inside SSH (database.copy.direct:"
                + " auto): n1 cannot reach n2 on 198.51.100.12:4444 (socat on n1: Connection refused); open that port"
                + " between the nodes or choose another (database.copy.port)");
    }

    @Test
    void theProbeIsNeeded_onlyWhenAutoAndBothHaveSocat() {
        assertThat(CopyRoute.needsProbe(facts(true, SOCAT, SOCAT, null))).isTrue();
        assertThat(CopyRoute.needsProbe(facts(false, SOCAT, SOCAT, null))).isFalse();
        assertThat(CopyRoute.needsProbe(facts(true, null, SOCAT, null))).isFalse();
    }
}
