package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, "write gap ≤ 0.1 s": the planned switch's DB VIP add is prepared on the new master
 * and fired inside the write gap; what does not change between the two (which arping the node
 * has, whether hactl's reset table is there) is found out before the trigger, so the gap runs
 * only the add and the announce.
 */
class VipManagerPreparedAddTest {

    static final NodeConfig N2 = new NodeConfig("n2", "198.51.100.12", "eth0", new SshConfig("root", 22, Path.of("/k"),
            Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    static final VipConfig VIP = new VipConfig("198.51.100.89", 24);

    @Test
    @DisplayName("The prepared add finds out which arping and whether a reset rule is there before its trigger; in the"
            + " write gap only ip and arping run (and nft only to remove a reset rule that is there)")
    void beforeTheTriggerWhichArpingAndTheResetRule_inTheGapOnlyIpAndArping() {
        String before = VipManager.preparedAddPrelude();
        String gap = VipManager.preparedAddCommand(N2, VIP);

        assertThat(before).contains("arping --help", "nft list table ip " + ResetRule.TABLE);
        assertThat(gap).doesNotContain("arping --help", "nft list", "grep", "ip -o -4 addr show");
        assertThat(gap).containsSubsequence("\"$hactl_fence\" = 1", "nft delete table ip " + ResetRule.TABLE,
                "arp_announce", "ip addr add '198.51.100.89/24' dev 'eth0'", "File exists", "already there",
                "\"$hactl_habets\" = 1", "arping -q -U -c 1 -w 0 -i 'eth0' -S '198.51.100.89' '198.51.100.89'",
                "arping -q -U -c 1 -I 'eth0' '198.51.100.89'");
    }
}
