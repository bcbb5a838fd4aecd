package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Refused;
import io.hactl.ops.StepFailed;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.util.function.Function;

/**
 * The failover an operator acknowledged: the master is down, its replica becomes the master,
 * stand-alone. Steps, each printed and logged:
 * <ol>
 *   <li>fence the old master where it can be reached: DB VIP detached (its host may be up with
 *       only MySQL dead), read-only and client sessions ended if its database answers;
 *   <li>the replica applies every transaction it received from the old master (relay log), so
 *       nothing that reached it is lost; replication stopped and forgotten; writable;
 *   <li>DB VIP added on it and announced (gratuitous ARP); only its MAC answers.
 * </ol>
 * Refused (nothing changed) if the new master's database does not answer. The data-loss
 * estimate of the proposal is written as a note.
 */
public final class Failover {

    public static final String NAME = "failover";
    private static final Duration RELAY_WAIT = Duration.ofSeconds(10);

    private final HactlConfig cfg;
    private final VipManager vips;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;

    public Failover(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.shells = shells;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.connector = connector;
    }

    /** Returns 0 done, 1 a step failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig target, String risk) {
        NodeConfig old = cfg.peerOf(target);
        return runner.run(NAME, "promote " + target.name() + " to master (" + old.name() + " is down)", op -> {
            DbAdmin na;
            try {
                na = connector.apply(target);
            } catch (RuntimeException e) {
                throw op.refuse(target.name() + "'s database does not answer: " + e.getMessage(),
                        "bring it up; hactl check shows what is wrong");
            }
            try (DbAdmin n = na) {
                op.note(null, "data loss estimate: " + (risk == null ? "unknown" : risk));
                boolean oldShell = fence(op, old, target);
                DbState st = n.state();
                String received = st.replica() == null ? null : st.replica().gtidIoPos();
                if (received != null && !received.isBlank()) {
                    op.step(target.name(), "apply every transaction received from " + old.name() + " (" + received + ")",
                            () -> {
                                if (!n.waitForGtid(received, RELAY_WAIT)) {
                                    throw new StepFailed(target.name() + " did not apply " + received + " within "
                                            + RELAY_WAIT.toSeconds() + " s: its SQL thread is stopped or slow ("
                                            + st.replicationWords() + "); start it, then acknowledge again");
                                }
                                return "applied";
                            });
                } else {
                    op.skip(target.name(), "apply the relay log", "not a replica or nothing received");
                }
                op.step(target.name(), "stop replication, forget " + old.name(), () -> {
                    n.stopReplication();
                    n.resetReplication();
                    return "RESET SLAVE ALL";
                });
                op.step(target.name(), "make writable", () -> {
                    n.setReadOnly(false);
                    return "read_only=OFF";
                });
                op.step(target.name(), "add DB VIP " + cfg.dbVip().address() + " and announce it",
                        () -> vips.addAndAnnounce(target, cfg.dbVip()));
                op.step(target.name(), "check that only " + target.name() + " answers for the DB VIP",
                        () -> vips.verifyOnly(target, old, cfg.dbVip(), oldShell));
                op.succeed(target.name() + " is the master, STANDALONE (" + old.name()
                        + " fenced); rebuild or re-join " + old.name() + " when it is back");
                return 0;
            }
        });
    }

    /**
     * Fences the old master where it can be reached: its DB VIP removed (its host may be up
     * with only MySQL dead), read-only if its database answers. When the VIP cannot be
     * removed there and some host still answers ARP for it, the failover is refused before
     * anything changed (two holders would be a split brain). True when the VIP was removed.
     */
    private boolean fence(Operation op, NodeConfig old, NodeConfig target) {
        boolean removed;
        try {
            String r = vips.remove(old, cfg.dbVip());
            op.note(old.name(), "fence: DB VIP " + cfg.dbVip().address() + " " + r);
            removed = true;
        } catch (StepFailed e) {
            removed = false;
            java.util.List<String> macs;
            try {
                macs = vips.answeringMacs(target, cfg.dbVip());
            } catch (StepFailed arp) {
                throw op.refuse("cannot remove DB VIP " + cfg.dbVip().address() + " from " + old.name() + " ("
                        + e.getMessage() + ") nor ask from " + target.name() + " who answers for it (" + arp.getMessage()
                        + ")", "check both nodes (hactl ssh test; hactl check), then acknowledge again");
            }
            if (!macs.isEmpty()) {
                throw op.refuse("cannot remove DB VIP " + cfg.dbVip().address() + " from " + old.name() + " ("
                        + e.getMessage() + ") and " + macs + " still answer(s) ARP for it: adding it on "
                        + target.name() + " would be an IP conflict", "detach it on " + old.name() + " by hand (ip addr"
                        + " del " + cfg.dbVip().cidr() + " dev " + old.networkInterface() + ") or power it off, then"
                        + " acknowledge again");
            }
            op.note(old.name(), "unreachable (" + e.getMessage() + "); nobody answers ARP for the DB VIP: going on");
        }
        try (DbAdmin oa = connector.apply(old)) {
            op.step(old.name(), "fence: read-only, end client sessions", () -> {
                oa.setReadOnly(true);
                return "ended " + oa.killClientSessions().size() + " session(s)";
            });
        } catch (StepFailed e) {
            throw e;
        } catch (RuntimeException e) {
            op.note(old.name(), "database does not answer (" + e.getMessage() + "): it cannot be made read-only now;"
                    + (removed ? " it has no DB VIP" : "") + "; the controller proposes to fence it if it comes back"
                    + " writable");
        }
        return removed;
    }
}
