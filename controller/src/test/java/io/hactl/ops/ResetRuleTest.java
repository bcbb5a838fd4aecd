package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.NodeConfig;
import io.hactl.pair.StepFailed;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 20: the fence's reset rule on an old master that still holds the DB VIP. */
class ResetRuleTest {

    static final NodeConfig N1 = new NodeConfig("n1", "198.51.100.11", "eth0", new SshConfig("root", 22, Path.of("/k"),
            Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    static final VipConfig VIP = new VipConfig("198.51.100.89", 24);

    @Test
    @DisplayName("The rule resets only connection openings (SYN without ACK) to the VIP's database port, in hactl's own table")
    void resetsOnlyNewConnectionsToTheVipsPort_inHactlsOwnTable() {
        String c = ResetRule.setCommand(VIP, 3306);

        assertThat(c).contains("'add table ip hactl_fence'", "type filter hook input",
                "'flush chain ip hactl_fence input'", "ip daddr ''198.51.100.89'' tcp dport 3306",
                "tcp flags & (syn | ack) == syn reject with tcp reset'", "| nft -f -");
        assertThat(ResetRule.clearCommand()).contains("'delete table ip hactl_fence'", "'delete table arp hactl_fence'");
    }

    @Test
    @DisplayName("While the rule is set the old master answers no ARP request for the VIP (never two MACs), in the same"
            + " nft transaction as the reset rule")
    void theSameTransactionDropsArpRequestsForTheVip_neverTwoMacs() {
        String c = ResetRule.setCommand(VIP, 3306);

        assertThat(c).contains("'add table arp hactl_fence'", "'flush chain arp hactl_fence input'",
                "arp operation request arp daddr ip ''198.51.100.89'' drop'");
        assertThat(c.indexOf("| nft -f -")).as("one nft process").isEqualTo(c.lastIndexOf("| nft -f -"))
                .isGreaterThan(c.indexOf("arp daddr ip"));
    }

    @Test
    @DisplayName("A node without nft gets no rule: the step says so and what to install, and does not fail")
    void aNodeWithoutNft_noRule_saysWhatToInstall() {
        List<String> sent = new ArrayList<>();
        ResetRule rule = new ResetRule(n -> shell(sent, "no nft\n"));

        assertThat(rule.set(N1, VIP, 3306)).startsWith("not set: nft is not installed on n1 (apt-get install nftables)");
        assertThat(new ResetRule(n -> shell(sent, "")).set(N1, VIP, 3306))
                .isEqualTo("new connections to 198.51.100.89:3306 answered with a TCP reset (nft table hactl_fence)");
        assertThat(new ResetRule(n -> shell(sent, "reset rule removed\n")).clear(N1)).isEqualTo("removed");
        assertThat(new ResetRule(n -> shell(sent, "")).clear(N1)).isEqualTo("not there");
    }

    @Test
    @DisplayName("The reset rule as a command prepared when the failover starts: what it printed reads as the ordinary"
            + " step's detail, and a failed command is the step's failure")
    void aPreparedResetRulesResultReadsAsTheOrdinaryStep() {
        assertThat(ResetRule.detail(new CommandResult("n1", "x", 0, "no nft\n", "", Duration.ofMillis(1)), N1, VIP, 3306))
                .startsWith(ResetRule.NOT_SET + "nft is not installed on n1");
        assertThat(ResetRule.detail(new CommandResult("n1", "x", 0, "", "", Duration.ofMillis(1)), N1, VIP, 3306))
                .isEqualTo("new connections to 198.51.100.89:3306 answered with a TCP reset (nft table hactl_fence)");
        assertThatThrownBy(() -> ResetRule.detail(new CommandResult("n1", "x", 1, "", "Error: syntax", Duration.ofMillis(1)),
                N1, VIP, 3306)).isInstanceOf(StepFailed.class).hasMessageContaining("Error: syntax");
    }

    @Test
    @DisplayName("Adding a VIP on a node removes a fence's reset rule in the same command")
    void addingAVipRemovesTheResetRuleFirst() {
        String add = VipManager.addAndAnnounceCommand(N1, VIP);

        assertThat(add.indexOf("'delete table ip hactl_fence'")).isNotNegative().isLessThan(add.indexOf("ip addr add"));
    }

    private static NodeShell shell(List<String> sent, String out) {
        return new NodeShell() {
            @Override
            public String node() {
                return "n1";
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                sent.add(command);
                return new CommandResult("n1", command, 0, out, "", Duration.ofMillis(1));
            }
        };
    }
}
