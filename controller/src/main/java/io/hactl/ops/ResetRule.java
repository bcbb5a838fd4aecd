package io.hactl.ops;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.pair.StepFailed;
import java.time.Duration;
import java.util.function.Function;

/**
 * A fenced old master that still holds the DB VIP answers a client's new connection to the
 * database port on it with a TCP reset, not silence (issue 20, "help clients find the new master
 * quickly"): an nftables rule in a table of hactl's own ({@value #TABLE}) on the node, matching
 * connection openings only (SYN without ACK), so sessions already open are left to the write
 * block. A hung mysqld (SIGSTOP) or one blocked by FLUSH TABLES WITH READ LOCK still completes the
 * TCP handshake in the kernel, and the client then waits for its read timeout; with the rule its
 * connect fails at once and it retries, by then against the new master.
 *
 * <p>Set as part of the fence, cleared whenever a VIP is added on the node again ({@link
 * VipManager#add}, {@link VipManager#addAndAnnounceCommand}), when the node is rebuilt or re-joined
 * as a replica, and by the lab's heal. A node without {@code nft} gets no rule: the step says so
 * and the failover goes on (it is a help for clients, not a safety).
 */
public final class ResetRule {

    /** The nftables table hactl owns on a node; nothing else is touched. */
    public static final String TABLE = "hactl_fence";

    /** What the set command prints when the node has no nft (the step's detail says what to install). */
    static final String NO_NFT = "no nft";

    /** How {@link #set}'s detail starts when no rule was set (the node has no nft). */
    public static final String NOT_SET = "not set: ";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Function<NodeConfig, NodeShell> shells;

    public ResetRule(Function<NodeConfig, NodeShell> shells) {
        this.shells = shells;
    }

    /** Sets the rule on {@code node} for {@code vip}:{@code port}; returns the step's detail. Idempotent. */
    public String set(NodeConfig node, VipConfig vip, int port) {
        return detail(shells.apply(node).run(setCommand(vip, port), TIMEOUT), node, vip, port);
    }

    /**
     * The step's detail for what {@link #setCommand} printed, run here or as a command prepared ahead
     * (a failover's, issue 20); a failed command throws {@link StepFailed}.
     */
    public static String detail(CommandResult r, NodeConfig node, VipConfig vip, int port) {
        if (!r.ok()) {
            throw new StepFailed(r.describe());
        }
        if (r.out().contains(NO_NFT)) {
            return NOT_SET + "nft is not installed on " + node.name() + " (apt-get install nftables): a client's new"
                    + " connection there waits for its timeout instead of a reset";
        }
        return "new connections to " + vip.address() + ":" + port + " answered with a TCP reset (nft table " + TABLE + ")";
    }

    /** Removes hactl's table from {@code node}; returns "removed" or "not there". */
    public String clear(NodeConfig node) {
        CommandResult r = shells.apply(node).run(clearCommand(), TIMEOUT);
        if (!r.ok()) {
            throw new StepFailed(r.describe());
        }
        return r.out().contains("removed") ? "removed" : "not there";
    }

    /**
     * The shell command of {@link #set}: table, chain, then the one rule (the chain emptied first: idempotent); and
     * beside it, in the same transaction, an {@code arp} table of the same name whose one rule drops ARP requests for
     * the VIP. The old master keeps the VIP until the new one has announced it (no moment without a holder), but never
     * answers ARP for it while the rule is set: at no moment do two MACs answer for the DB VIP (issue 13's "never two
     * MACs"; a neighbour whose entry still names the old MAC gets the reset, one that asks gets the new master's).
     */
    public static String setCommand(VipConfig vip, int port) {
        String v = q(vip.address());
        // one nft process, one transaction (each nft start costs tens of ms on a loaded node)
        return "if ! command -v nft >/dev/null 2>&1; then echo '" + NO_NFT + "'; exit 0; fi; printf '%s\\n'"
                + " 'add table ip " + TABLE + "'"
                + " 'add chain ip " + TABLE + " input { type filter hook input priority -10; policy accept; }'"
                + " 'flush chain ip " + TABLE + " input'"
                + " 'add rule ip " + TABLE + " input ip daddr '" + v + "' tcp dport " + port
                + " tcp flags & (syn | ack) == syn reject with tcp reset'"
                + " 'add table arp " + TABLE + "'"
                + " 'add chain arp " + TABLE + " input { type filter hook input priority -10; policy accept; }'"
                + " 'flush chain arp " + TABLE + " input'"
                + " 'add rule arp " + TABLE + " input arp operation request arp daddr ip '" + v + "' drop' | nft -f -";
    }

    /**
     * The shell command of {@link #clear}: prints "removed" when the table was there. Never fails on
     * a node without nft or without the table, so it can lead any command that adds a VIP.
     */
    public static String clearCommand() {
        return "{ if " + presentCommand() + "; then " + deleteCommand() + "; fi; }";
    }

    /** Whether the table is there (a node without nft has none); only looks. */
    public static String presentCommand() {
        return "command -v nft >/dev/null 2>&1 && nft list tables 2>/dev/null | grep -qE ' (ip|arp) " + TABLE + "$'";
    }

    /**
     * Deletes both tables (one of them at least is there), printing "reset rule removed": each added first, so the
     * one transaction deletes whichever was there and never fails on one that was not.
     */
    public static String deleteCommand() {
        return "printf '%s\\n' 'add table ip " + TABLE + "' 'delete table ip " + TABLE + "' 'add table arp " + TABLE
                + "' 'delete table arp " + TABLE + "' | nft -f - && echo 'reset rule removed'";
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
