package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the DB VIP add, prepared on the new master when a failover or a planned switch starts, does its
 * look-ups (which arping, whether a fence's reset rule is there) before its trigger, and changes
 * nothing before it: a failover refused or rolled back before the add leaves the node as it was.
 */
class PreparedAddTest {

    static final NodeConfig N2 = new NodeConfig("n2", "198.51.100.12", "eth0", new SshConfig("root", 22, Path.of("/k"),
            Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    static final VipConfig VIP = new VipConfig("198.51.100.89", 24);

    /** Stand-ins for nft, ip and arping (Habets'): each call appended to calls.log; nft's table present. */
    private static Path stubs(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String log = dir.resolve("calls.log").toString();
        for (String tool : List.of("nft", "ip", "arping")) {
            StubTools.write(bin, tool, "echo \"" + tool + " $*\" >> '" + log + "'\n"
                    + (tool.equals("arping") ? "case \"$*\" in --help) echo 'ARPing 2.23, by Thomas Habets';; esac\n" : "")
                    + (tool.equals("nft") ? "case \"$*\" in 'list tables') echo 'table ip hactl_fence';; '-f -') cat >> '"
                    + log + "';; esac\n" : "")
                    + "exit 0");
        }
        return bin;
    }

    private static List<String> run(Path dir, Path bin, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "PATH=" + bin + ":$PATH; " + script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    @DisplayName("Issue 20: the failover's prepared DB VIP add looks ahead (which arping, a reset rule there?) and changes"
            + " nothing before its trigger; after it: the rule removed, the VIP added, one gratuitous ARP")
    void thePreparedAddLooksAheadBeforeItsTrigger_changesNothingThen(@TempDir Path dir) throws Exception {
        Path bin = stubs(dir);
        VipManager.PreparedAdd add = VipManager.preparedAdd(N2, VIP);

        List<String> before = run(dir, bin, add.before());
        assertThat(before).as("only look-ups before the trigger").allSatisfy(c -> assertThat(c)
                .matches("arping --help|nft list tables"));
        assertThat(add.before()).doesNotContain("arp_announce", "ip addr add");
        // the planned switch fires it inside its write gap: no look-up left there (issue 20, gap ≤ 0.1 s)
        assertThat(add.after()).doesNotContain("arping --help", "nft list", "grep", "ip -o -4 addr show");

        Files.deleteIfExists(dir.resolve("calls.log"));
        // the node's arp_announce is the namespace's own file: not this test machine's to write
        String script = add.after().replace("/proc/sys/net/ipv4/conf/eth0/arp_announce", dir.resolve("arp_announce")
                .toString());
        List<String> all = run(dir, bin, add.before() + "\n" + script);
        List<String> after = all.subList(before.size(), all.size());
        assertThat(after).as("after the trigger: no look-up left, the changes in order").containsExactly(
                "nft -f -", "add table ip hactl_fence", "delete table ip hactl_fence", "add table arp hactl_fence",
                "delete table arp hactl_fence", "ip addr add 198.51.100.89/24 dev eth0",
                "arping -q -U -c 1 -w 0 -i eth0 -S 198.51.100.89 198.51.100.89");
        assertThat(Files.readString(dir.resolve("arp_announce")).strip()).isEqualTo("2");
    }
}
