package io.hactl.lab;

import io.hactl.node.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's network: the bridge, a namespace and a veth per node and for the witness, their addresses and
 * the VIPs on their eth0 (with a gratuitous ARP when one is added), and what the nodes'
 * processes see of /etc (see {@link #quietHome}).
 */
final class LabNet {

    /** hactl's nftables table on a fenced old master ({@link io.hactl.ops.ResetRule}). */
    static final String RESET_TABLE = io.hactl.ops.ResetRule.TABLE;

    private final LabLayout layout;
    private final LabShell shell;

    LabNet(LabLayout layout, LabShell shell) {
        this.layout = layout;
        this.shell = shell;
    }

    /** Bridge, namespaces, veths, addresses; returns what it built. */
    String build() {
        String br = LabNetwork.BRIDGE;
        shell.check("host", "ip", "link", "add", br, "address", LabNetwork.BRIDGE_MAC, "type", "bridge");
        disableIpv6(br);
        shell.check("host", "ip", "addr", "add", LabNetwork.HOST_ADDRESS + "/24", "dev", br);
        shell.check("host", "ip", "link", "set", br, "up");
        for (LabNode n : LabNode.HOSTS) {
            String ns = n.namespace();
            shell.check(n.name(), "ip", "netns", "add", ns);
            quietHome(n);
            // no IPv6 in the node: no link-local chatter, only 198.51.100.0/24 on the wire
            shell.check(n.name(), "ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1");
            shell.check(n.name(), "ip", "link", "add", n.hostVeth(), "address", n.hostMac(), "type", "veth",
                    "peer", "name", LabNetwork.IFACE, "address", n.mac(), "netns", ns);
            disableIpv6(n.hostVeth());
            shell.check(n.name(), "ip", "link", "set", n.hostVeth(), "master", br, "up");
            shell.check(n.name(), "ip", "-n", ns, "addr", "add", n.address() + "/24", "dev", LabNetwork.IFACE);
            announceOwnAddress(n);
            shell.check(n.name(), "ip", "-n", ns, "link", "set", LabNetwork.IFACE, "up");
            shell.check(n.name(), "ip", "-n", ns, "link", "set", "lo", "up");
        }
        return br + " " + LabNetwork.HOST_ADDRESS + "/24, " + String.join(", ", LabNode.HOSTS.stream()
                .map(n -> n.namespace() + " " + n.address()).toList());
    }

    /** {@code /etc/netns/NS/}: files that {@code ip netns exec} bind-mounts over /etc for the node's processes. */
    static Path netnsEtc(LabNode n) {
        return Path.of("/etc/netns", n.namespace());
    }

    /**
     * The node's processes (sshd, and the shells it starts for hactl's commands) see a passwd
     * in which root's home is an empty directory of the lab: this machine's root .bashrc
     * (pyenv init, ~0.1 s idle, seconds under load) is not run for every SSH command, so the
     * lab measures hactl, not the host's shell setup. {@code ip netns exec} bind-mounts
     * {@code /etc/netns/NS/passwd} over /etc/passwd; removed with the lab.
     */
    private void quietHome(LabNode n) {
        try {
            Path home = layout.dir().resolve("home-" + n.name());
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            StringBuilder pw = new StringBuilder();
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length == 7 && f[0].equals("root")) {
                    f[5] = home.toString();
                    line = String.join(":", f);
                }
                pw.append(line).append('\n');
            }
            Files.createDirectories(netnsEtc(n));
            Files.writeString(netnsEtc(n).resolve("passwd"), pw.toString());
            Files.setPosixFilePermissions(netnsEtc(n).resolve("passwd"), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new LabException("cannot write " + netnsEtc(n) + "/passwd: " + e.getMessage(), e);
        }
    }

    /** Whether the node's processes get the quiet passwd of {@link #quietHome}. */
    boolean hasQuietHome(LabNode n) {
        return Files.exists(netnsEtc(n).resolve("passwd")) && Files.isDirectory(layout.dir().resolve("home-" + n.name()));
    }

    static void removeNetnsEtc() {
        for (LabNode n : LabNode.HOSTS) {
            Path d = netnsEtc(n);
            try {
                Files.deleteIfExists(d.resolve("passwd"));
                Files.deleteIfExists(d);
            } catch (IOException e) {
                throw new LabException("cannot remove " + d + ": " + e.getMessage(), e);
            }
        }
    }

    private static void disableIpv6(String link) {
        Path p = Path.of("/proc/sys/net/ipv6/conf", link, "disable_ipv6");
        try {
            if (Files.exists(p)) {
                Files.writeString(p, "1");
            }
        } catch (IOException e) {
            // IPv6 off in this kernel: nothing to disable
        }
    }

    /**
     * The node's interface as docs/runbook.md asks of a node (and as hactl sets it when it adds a VIP):
     * arp_announce=2, so a returning old master never asks ARP with the VIP as its sender address.
     */
    void announceOwnAddress(LabNode n) {
        shell.check(n.name(), "ip", "netns", "exec", n.namespace(), "sysctl", "-q", "-w",
                "net.ipv4.conf." + LabNetwork.IFACE + ".arp_announce=2");
    }

    /** Adds {@code vip} on the node's eth0, then one gratuitous ARP; a no-op when it is there. */
    void addVip(LabNode n, String vip) {
        // a node that holds a VIP answers on it: a failover's reset rule left there goes (as hactl's own add does)
        if (resetRule(n)) {
            removeResetRule(n);
        }
        String cidr = LabNetwork.withPrefix(vip);
        if (addresses(n).contains(cidr)) {
            return;
        }
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(10), null, "ip", "-n", n.namespace(), "addr", "add",
                cidr, "dev", LabNetwork.IFACE);
        if (!r.ok() && !r.err().contains("File exists") && !r.err().contains("already assigned")) {
            throw new LabException(r.describe());
        }
        gratuitousArp(n, LabNetwork.bare(cidr));
    }

    /** One unsolicited ARP request (Habets arping -U): neighbours update their entry for the VIP at once. */
    void gratuitousArp(LabNode n, String ip) {
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(10), null, "ip", "netns", "exec", n.namespace(),
                "arping", "-q", "-U", "-c", "1", "-w", "0", "-i", LabNetwork.IFACE, "-S", ip, ip);
        // exit 1 = no reply, which is what an unsolicited ARP gets; anything else is a failure
        if (r.exit() != 0 && r.exit() != 1 || !r.err().isBlank()) {
            throw new LabException("gratuitous ARP for " + ip + " " + r.describe());
        }
    }

    /** The nftables table a failover's fence sets on an old master (hactl's ResetRule), there on {@code n}? */
    boolean resetRule(LabNode n) {
        return shell.run(n.name(), Duration.ofSeconds(10), null, "ip", "netns", "exec", n.namespace(), "sh", "-c",
                io.hactl.ops.ResetRule.presentCommand()).ok();
    }

    /** Deletes that table and its ARP twin from {@code n} (a node healed to the baseline answers on every address). */
    void removeResetRule(LabNode n) {
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(10), null, "ip", "netns", "exec", n.namespace(), "sh",
                "-c", io.hactl.ops.ResetRule.deleteCommand());
        if (!r.ok()) {
            throw new LabException("cannot remove nft tables " + RESET_TABLE + " on " + n + ": " + r.describe());
        }
    }

    /** Removes {@code vip} from the node's eth0; a no-op when it is not there. */
    void removeVip(LabNode n, String vip) {
        String cidr = LabNetwork.withPrefix(vip);
        if (!addresses(n).contains(cidr)) {
            return;
        }
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(10), null, "ip", "-n", n.namespace(), "addr", "del",
                cidr, "dev", LabNetwork.IFACE);
        if (!r.ok() && !r.err().contains("Cannot assign requested address") && !r.err().contains("not found")) {
            throw new LabException(r.describe());
        }
    }

    /** IPv4 addresses on the node's eth0, as "198.51.100.11/24". */
    List<String> addresses(LabNode n) {
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(5), null, "ip", "-n", n.namespace(), "-o", "-4",
                "addr", "show", "dev", LabNetwork.IFACE);
        List<String> list = new ArrayList<>();
        if (!r.ok()) {
            return list;
        }
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet")) {
                    list.add(f[i + 1]);
                }
            }
        }
        return list;
    }

    /** The host end of the node's veth is up. */
    static boolean linkUp(LabNode n) {
        return readSys("/sys/class/net/" + n.hostVeth() + "/operstate").equals("up");
    }

    /**
     * The node's host end is a port of the lab's bridge and administratively up (its flags have IFF_UP),
     * what {@code ip link set VETH master BRIDGE up} makes it; false when absent.
     */
    static boolean bridgePortUp(LabNode n) {
        Path dir = Path.of("/sys/class/net", n.hostVeth());
        try {
            Path master = Files.readSymbolicLink(dir.resolve("master"));
            long flags = Long.decode(readSys(dir.resolve("flags").toString()));
            return master.getFileName().toString().equals(LabNetwork.BRIDGE) && (flags & 0x1) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** The node's bridge port forwards (STP port state 3); false when isolated or absent. */
    static boolean portForwarding(LabNode n) {
        return readSys("/sys/class/net/" + n.hostVeth() + "/brport/state").equals("3");
    }

    private static String readSys(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
