package io.hactl.ops;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.pair.StepFailed;
import io.hactl.probe.NodeScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Attaches, detaches, announces and verifies a VIP on a node's interface (ip, arping).
 * Each method is idempotent; failures throw {@link StepFailed} naming node, command and stderr.
 */
public final class VipManager {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** {@link #verifyOnly} saw another MAC answer for the VIP: an IP conflict, for the DB VIP a split brain. */
    public static final class Conflict extends StepFailed {
        public Conflict(String message) {
            super(message);
        }
    }

    private final Function<NodeConfig, NodeShell> shells;
    private final Duration arpWait;

    public VipManager(Function<NodeConfig, NodeShell> shells, Duration arpWait) {
        this.shells = shells;
        this.arpWait = arpWait;
    }

    public boolean holds(NodeConfig node, VipConfig vip) {
        return held(node, List.of(vip)).contains(vip.address());
    }

    /** Which of {@code vips} the node holds (their addresses), in one round trip. */
    public List<String> held(NodeConfig node, List<VipConfig> vips) {
        CommandResult r = run(node, "ip -o -4 addr show dev " + q(node.networkInterface()));
        return vips.stream().map(VipConfig::address).filter(a -> r.out().contains(" " + a + "/")).toList();
    }

    /**
     * ip addr add; a no-op when the VIP is already there. One round trip. Returns what was done.
     * A reset rule left by a fence ({@link ResetRule}) is removed in the same command: a node that
     * holds a VIP again answers on it.
     */
    public String add(NodeConfig node, VipConfig vip) {
        return run(node, ResetRule.clearCommand() + "; " + announceOwnAddress(node) + ifHeld(node, vip, "echo already there", "ip addr add "
                + q(vip.cidr()) + " dev " + q(node.networkInterface()) + " && echo added "
                + q(vip.cidr() + " on " + node.networkInterface()))).out().strip();
    }

    /**
     * {@code arp_announce=2} on the VIP's interface, before a VIP is added there: the node's own ARP
     * requests then carry its own address as the sender, never the VIP. With the kernel's default
     * (0) a node that held the VIP and comes back after an outage (link up, unfenced) asks ARP for a
     * client with the VIP as sender when it retransmits an old reply, and the client's neighbour
     * table then sends every write for the VIP to that old master (issue 13's torture run, fault
     * 6: 328 acknowledged rows written to a returning old master). Idempotent; the file is the
     * network namespace's own, written as root. Put it in /etc/sysctl.d as well (docs/runbook.md).
     */
    static String announceOwnAddress(NodeConfig node) {
        return "echo 2 > " + q("/proc/sys/net/ipv4/conf/" + node.networkInterface() + "/arp_announce") + " || exit $?; ";
    }

    public String remove(NodeConfig node, VipConfig vip) {
        return run(node, removeCommand(node, vip)).out().strip();
    }

    /** The shell command of {@link #remove} (prints "removed" or "not there"), for a caller that prepares it ahead. */
    public static String removeCommand(NodeConfig node, VipConfig vip) {
        return ifHeld(node, vip, "ip addr del " + q(vip.cidr()) + " dev " + q(node.networkInterface())
                + " && echo removed", "echo not there");
    }

    /** Gratuitous ARP from {@code node}, so neighbours send to it at once (not after ~30 s of cache expiry). */
    public String announce(NodeConfig node, VipConfig vip) {
        run(node, announceCommand(node, vip));
        return "gratuitous ARP sent";
    }

    /**
     * {@link #add} then {@link #announce} in one shell round trip: a switchover's write gap
     * lasts until neighbours have the new MAC, and each remote command costs a round trip.
     */
    public String addAndAnnounce(NodeConfig node, VipConfig vip) {
        return addAndAnnounceResult(run(node, addAndAnnounceCommand(node, vip)), vip, node);
    }

    /**
     * The shell command of {@link #addAndAnnounce}, for a caller that runs it itself (prepared ahead);
     * it removes a fence's {@link ResetRule} first, as {@link #add} does.
     */
    public static String addAndAnnounceCommand(NodeConfig node, VipConfig vip) {
        return ResetRule.clearCommand() + "; " + announceOwnAddress(node) + "if ip -o -4 addr show dev " + q(node.networkInterface()) + " | grep -qF "
                + q(" " + vip.address() + "/") + "; then echo already there; else ip addr add " + q(vip.cidr()) + " dev "
                + q(node.networkInterface()) + " || exit $?; fi; " + announceCommand(node, vip);
    }

    /**
     * {@link #addAndAnnounceCommand} in two parts, for a command prepared on the node ahead of its step
     * (issue 20: the failover's critical path, the planned switch's write gap): {@code before} only looks
     * (which arping the node has, whether a fence's {@link ResetRule} is there) and runs while the command
     * waits for its trigger — neither changes while the operation holds the pair lock; {@code after} (the
     * same shell, its variables) makes the changes: the rule removed when it was there, arp_announce, the
     * VIP added (ip's "File exists": already there, no separate look first), one gratuitous ARP — two
     * process starts in the write gap. A failover refused or rolled back before the add changed nothing
     * on the node.
     */
    public record PreparedAdd(String before, String after) {
    }

    public static PreparedAdd preparedAdd(NodeConfig node, VipConfig vip) {
        String iface = q(node.networkInterface());
        String ip = q(vip.address());
        String before = "HACTL_HABETS=; if arping --help 2>&1 | grep -q Habets; then HACTL_HABETS=1; fi; "
                + "HACTL_RULE=; if " + ResetRule.presentCommand() + "; then HACTL_RULE=1; fi";
        String after = "if [ -n \"$HACTL_RULE\" ]; then " + ResetRule.deleteCommand() + "; fi; "
                + announceOwnAddress(node) + "if ! hactl_add=$(ip addr add " + q(vip.cidr()) + " dev " + iface
                + " 2>&1); then case \"$hactl_add\" in *'File exists'*) echo already there ;; *) echo \"$hactl_add\" >&2;"
                + " exit 2 ;; esac; fi; "
                + "{ if [ -n \"$HACTL_HABETS\" ]; then arping -q -U -c 1 -w 0 -i " + iface + " -S " + ip + " " + ip
                + "; [ $? -le 1 ]; else arping -q -U -c 1 -I " + iface + " " + ip + "; fi; }";
        return new PreparedAdd(before, after);
    }

    /** What {@link #addAndAnnounce} reports for the result of its command. */
    public static String addAndAnnounceResult(CommandResult r, VipConfig vip, NodeConfig node) {
        if (!r.ok()) {
            throw new StepFailed(r.describe());
        }
        return (r.out().contains("already there") ? "already there" : "added " + vip.cidr() + " on "
                + node.networkInterface()) + "; gratuitous ARP sent";
    }

    static String announceCommand(NodeConfig node, VipConfig vip) {
        String iface = q(node.networkInterface());
        String ip = q(vip.address());
        // Habets arping: an unsolicited request (it exits 1: no reply expected); iputils: -U
        return "{ if arping --help 2>&1 | grep -q Habets; then arping -q -U -c 1 -w 0 -i " + iface + " -S " + ip + " "
                + ip + "; [ $? -le 1 ]; else arping -q -U -c 1 -I " + iface + " " + ip + "; fi; }";
    }

    private static String ifHeld(NodeConfig node, VipConfig vip, String then, String otherwise) {
        return "if ip -o -4 addr show dev " + q(node.networkInterface()) + " | grep -qF ' " + vip.address()
                + "/'; then " + then + "; else " + otherwise + "; fi";
    }

    /** The distinct MACs that answer ARP for the VIP, asked from {@code from} (which does not hear its own answer). */
    public List<String> answeringMacs(NodeConfig from, VipConfig vip) {
        String wait = String.format(Locale.ROOT, "%.2f", Math.max(0.1, arpWait.toMillis() / 1000.0));
        CommandResult r = shells.apply(from).run("if arping --help 2>&1 | grep -q Habets; then arping -i "
                + q(from.networkInterface()) + " -r -c 3 -W 0.05 -w " + wait + " " + q(vip.address())
                + "; else arping -D -I " + q(from.networkInterface()) + " -c 2 -w 1 " + q(vip.address()) + "; fi", TIMEOUT);
        if (r.exit() < 0) {
            throw new StepFailed(r.describe());
        }
        List<String> macs = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            for (String m : NodeScript.macs(line)) {
                if (!macs.contains(m)) {
                    macs.add(m);
                }
            }
        }
        return macs;
    }

    public String mac(NodeConfig node) {
        return run(node, "cat /sys/class/net/" + q(node.networkInterface()) + "/address").out().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * From the peer, checks that the VIP is answered by {@code owner}'s MAC only. When the
     * peer cannot be asked, asks from the owner (which sees only foreign MACs: must be none).
     * Another MAC answering throws {@link Conflict}; a question that could not be asked, {@link StepFailed}.
     */
    public String verifyOnly(NodeConfig owner, NodeConfig peer, VipConfig vip, boolean peerReachable) {
        String ownerMac = mac(owner);
        if (peerReachable) {
            List<String> seen = answeringMacs(peer, vip);
            if (!seen.equals(List.of(ownerMac))) {
                throw new Conflict("VIP " + vip.address() + " seen from " + peer.name() + " is answered by " + seen
                        + ", expected only " + owner.name() + " (" + ownerMac + ")");
            }
            return "answered by " + owner.name() + " (" + ownerMac + ") only, seen from " + peer.name();
        }
        List<String> foreign = answeringMacs(owner, vip);
        if (!foreign.isEmpty()) {
            throw new Conflict("VIP " + vip.address() + " is also answered by " + foreign + ": IP conflict");
        }
        return "no other MAC answers (asked from " + owner.name() + "; " + peer.name() + " unreachable)";
    }

    private CommandResult run(NodeConfig node, String command) {
        CommandResult r = shells.apply(node).run(command, TIMEOUT);
        if (!r.ok()) {
            throw new StepFailed(r.describe());
        }
        return r;
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
