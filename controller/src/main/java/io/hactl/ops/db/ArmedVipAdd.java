package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A failover's "add DB VIP and announce it" on the new master, started on the node when the
 * failover starts and fired at the commit point (issue 20: the step on the critical path then
 * costs no ssh channel set-up and no login-shell start, ~80 ms instead of ~300 ms on a loaded
 * 2-core lab), as the planned switch does ({@link DbMasterSet}). When it cannot be prepared (not
 * an SSH shell, not ready in time) or did not run, the ordinary command runs (idempotent).
 */
final class ArmedVipAdd implements Promotion.VipAdder, AutoCloseable {

    private final CompletableFuture<ArmedCommand> arming;
    private final VipManager vips;
    private final NodeConfig node;
    private final VipConfig vip;

    private ArmedVipAdd(CompletableFuture<ArmedCommand> arming, VipManager vips, NodeConfig node, VipConfig vip) {
        this.arming = arming;
        this.vips = vips;
        this.node = node;
        this.vip = vip;
    }

    /** Starts preparing the command on {@code node} in the background; returns at once. */
    static ArmedVipAdd start(NodeShell shell, VipManager vips, NodeConfig node, VipConfig vip) {
        return new ArmedVipAdd(CompletableFuture.supplyAsync(() -> ArmedCommand.arm(shell,
                VipManager.addAndAnnounceCommand(node, vip), node.ssh().connectTimeout())), vips, node, vip);
    }

    @Override
    public String add() {
        ArmedCommand armed;
        try {
            armed = arming.get(node.ssh().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            armed = null;
        }
        if (armed != null && armed.ready()) {
            boolean started = armed.started();
            CommandResult r = armed.fire(Duration.ofSeconds(5));
            if (r.ok()) {
                return VipManager.addAndAnnounceResult(r, vip, node) + " (prepared command"
                        + (started ? "" : ", its shell still starting when fired") + ")";
            }
            // not run, or it failed: the ordinary way
        }
        return vips.addAndAnnounce(node, vip);
    }

    /** Closes the prepared command unused (or after it ran), also when it is still being prepared. */
    @Override
    public void close() {
        arming.whenComplete((a, e) -> {
            if (a != null) {
                a.close();
            }
        });
    }
}
