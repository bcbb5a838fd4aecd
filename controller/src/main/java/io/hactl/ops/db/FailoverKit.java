package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.GtidMemory;
import io.hactl.node.NodeShell;
import io.hactl.ops.ResetRule;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a {@link Failover} to one node starts before its first step: the VIP commands prepared on both nodes (the DB
 * VIP's add on the target, its removal and the reset rule on the old master, the look-up of the old master's last
 * binary log; {@link PreparedCommand}) and, when made ahead, the target's database connection. A failover makes
 * its own at its start; the controller makes one when it proposes the failover, and again while the proposal
 * waits, so that the acknowledgement finds them open (issue 20: ack → writable; the channels, login shells and the
 * connection are not started inside the failover, on cores its steps need).
 *
 * <p>Taken only while {@link #fresh()}: what the prepared commands looked up as they started (whether a reset
 * rule is on the target) is of that moment. Unused, it is closed: the prepared commands never run (their stdin
 * ends), the connection is closed. Closing twice is harmless.
 */
public final class FailoverKit implements AutoCloseable {

    /** How long a kit made ahead is taken; the controller makes a new one at half of it. */
    public static final Duration FRESH = Duration.ofSeconds(10);

    private final String target;
    private final String old;
    private final long madeAt;
    private final LongSupplier nanos;
    private final boolean ahead;
    final PreparedCommand add;
    final PreparedCommand del;
    final PreparedCommand reset;
    /** Null when hactl does not know where the old master's binary log is. */
    final PreparedCommand lastFile;
    /** The old master's binary log index the look-up reads (null: none). */
    final String index;
    private final CompletableFuture<DbAdmin> targetDb;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean dbTaken = new AtomicBoolean();

    private FailoverKit(String target, String old, long madeAt, LongSupplier nanos, boolean ahead, PreparedCommand add,
                        PreparedCommand del, PreparedCommand reset, PreparedCommand lastFile, String index,
                        CompletableFuture<DbAdmin> targetDb) {
        this.target = target;
        this.old = old;
        this.madeAt = madeAt;
        this.nanos = nanos;
        this.ahead = ahead;
        this.add = add;
        this.del = del;
        this.reset = reset;
        this.lastFile = lastFile;
        this.index = index;
        this.targetDb = targetDb;
    }

    /**
     * Made ahead of a failover to {@code target} (its proposal waits): the prepared commands started and the
     * target's database connection opening, in the background; returns at once.
     */
    public static FailoverKit ahead(HactlConfig cfg, Function<NodeConfig, NodeShell> shells,
                                    Function<NodeConfig, DbAdmin> connector, NodeConfig target) {
        return ahead(cfg, shells, connector, target, System::nanoTime);
    }

    /** As {@link #ahead(HactlConfig, Function, Function, NodeConfig)}, its age read from {@code nanos} (tests). */
    public static FailoverKit ahead(HactlConfig cfg, Function<NodeConfig, NodeShell> shells,
                                    Function<NodeConfig, DbAdmin> connector, NodeConfig target, LongSupplier nanos) {
        return make(cfg, shells, GtidMemory.of(cfg), target,
                CompletableFuture.supplyAsync(() -> connector.apply(target)), nanos);
    }

    /** Made by the failover at its start: the prepared commands only (its {@link Connections} open the databases). */
    static FailoverKit atStart(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, GtidMemory memory,
                               NodeConfig target) {
        return make(cfg, shells, memory, target, null, System::nanoTime);
    }

    static FailoverKit make(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, GtidMemory memory,
                            NodeConfig target, CompletableFuture<DbAdmin> targetDb, LongSupplier nanos) {
        NodeConfig old = cfg.peerOf(target);
        // where the old master's binary log is, as hactl last read it: the salvage's look-up is prepared there
        String index = memory.last(old.name()).map(GtidMemory.Seen::binlogBasename)
                .filter(b -> b != null && !b.isBlank()).map(b -> b + ".index").orElse(null);
        VipManager.PreparedAdd prepared = VipManager.preparedAdd(target, cfg.dbVip());
        return new FailoverKit(target.name(), old.name(), nanos.getAsLong(), nanos, targetDb != null,
                PreparedCommand.start(shells.apply(target), target, prepared.before(), prepared.after()),
                PreparedCommand.start(shells.apply(old), old, VipManager.removeCommand(old, cfg.dbVip())),
                PreparedCommand.start(shells.apply(old), old, ResetRule.setCommand(cfg.dbVip(), cfg.database().port())),
                index == null ? null : PreparedCommand.start(shells.apply(old), old, BinlogSalvage.lastFileCommand(index)),
                index, targetDb);
    }

    /** The node this kit promotes. */
    public String target() {
        return target;
    }

    /** Whether it was made ahead (at the proposal), not by the failover itself. */
    boolean ahead() {
        return ahead;
    }

    /** Young enough to be taken ({@link #FRESH}). */
    public boolean fresh() {
        return !closed.get() && age().compareTo(FRESH) < 0;
    }

    public Duration age() {
        return Duration.ofNanos(nanos.getAsLong() - madeAt);
    }

    /**
     * The target's connection made ahead, when it opened and still answers (checked now, within a second); empty
     * otherwise, and then the failover opens its own. Taken once: from then the failover closes it.
     */
    Optional<DbAdmin> takeTargetDb() {
        if (targetDb == null || !targetDb.isDone() || targetDb.isCompletedExceptionally() || !dbTaken.compareAndSet(false, true)) {
            return Optional.empty();
        }
        DbAdmin a = targetDb.join();
        if (a.valid()) {
            return Optional.of(a);
        }
        a.close();
        return Optional.empty();
    }

    /** The prepared commands closed unused (or after they ran), the connection closed unless the failover took it. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        add.close();
        del.close();
        reset.close();
        if (lastFile != null) {
            lastFile.close();
        }
        if (targetDb != null && dbTaken.compareAndSet(false, true)) {
            targetDb.thenAcceptAsync(DbAdmin::close);
        }
    }

    @Override
    public String toString() {
        return "failover to " + target + " (from " + old + "), made " + age().toMillis() + " ms ago";
    }
}
