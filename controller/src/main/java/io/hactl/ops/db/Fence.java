package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Split brain, or an old master back after a failover that could not fence it: the node that is
 * not the master loses the DB VIP and is made read-only (its client sessions ended), so that only
 * the master takes writes. The master is not touched. The result says what was really done
 * ({@link Fencing}): a node whose database does not answer yet is only partly fenced.
 */
public final class Fence {

    public static final String NAME = "fence";

    /** The exit code as the CLI's (0 done, 1 a step failed, 2 refused) and what was done to the node. */
    public record Result(int exit, Fencing fencing) {
    }

    private final HactlConfig cfg;
    private final VipManager vips;
    private final Function<NodeConfig, DbAdmin> connector;

    public Fence(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.connector = connector;
    }

    /** Fences {@code node}; {@code master} keeps the VIP. Returns 0 done, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, NodeConfig master) {
        return fence(runner, node, master).exit();
    }

    /** Fences {@code node}; the result says which parts were done. */
    public Result fence(OperationRunner runner, NodeConfig node, NodeConfig master) {
        AtomicReference<Fencing.Vip> vip = new AtomicReference<>(Fencing.Vip.UNREACHABLE);
        AtomicReference<Fencing.Db> db = new AtomicReference<>(Fencing.Db.UNANSWERED);
        AtomicReference<String> detail = new AtomicReference<>();
        int exit = runner.run(NAME, "fence " + node.name() + ": " + master.name() + " stays master", op -> {
            op.step(node.name(), "detach DB VIP " + cfg.dbVip().address(), () -> {
                try {
                    String r = vips.remove(node, cfg.dbVip());
                    vip.set(r.contains("removed") ? Fencing.Vip.DETACHED : Fencing.Vip.NOT_HELD);
                    return r;
                } catch (StepFailed e) {
                    detail.set(e.getMessage());
                    throw new StepFailed("cannot detach the DB VIP on " + node.name() + " (" + e.getMessage() + "): fix"
                            + " ssh (hactl ssh test " + node.name() + ") or detach it by hand: ip addr del "
                            + cfg.dbVip().cidr() + " dev " + node.networkInterface());
                }
            });
            try (DbAdmin a = connector.apply(node)) {
                op.step(node.name(), "end client sessions, read-only", () -> {
                    int ended = a.endSessionsAndSetReadOnly();
                    db.set(Fencing.Db.READ_ONLY);
                    return "ended " + ended + " session(s)";
                });
            } catch (StepFailed e) {
                throw e;
            } catch (RuntimeException e) {
                db.set(Fencing.dbFrom(true, e.getMessage()));
                detail.set(e.getMessage());
                op.note(node.name(), "database does not answer (" + e.getMessage() + "): not made read-only");
            }
            op.step(master.name(), "announce the DB VIP (gratuitous ARP): clients that cached " + node.name()
                    + "'s MAC send to " + master.name() + " again", () -> vips.announce(master, cfg.dbVip()));
            op.step(master.name(), "check that only " + master.name() + " answers for the DB VIP",
                    () -> vips.verifyOnly(master, node, cfg.dbVip(), true));
            Fencing f = new Fencing(node.name(), vip.get(), db.get(), detail.get());
            op.succeed(f.words() + "; " + master.name() + " alone holds the DB VIP");
            return 0;
        });
        return new Result(exit, new Fencing(node.name(), vip.get(), db.get(), detail.get()));
    }
}
