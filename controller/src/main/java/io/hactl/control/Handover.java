package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.coordination.Epoch;
import io.hactl.coordination.SharedState;
import io.hactl.db.GtidMemory;
import io.hactl.ops.db.Fencing;
import io.hactl.state.Supervisor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a leader hands to the next through ZooKeeper (issue 16, "shared state"), besides the
 * proposals and the operation: the anti-flapping block (a new leader must not propose a second
 * failover at once), the old masters an acknowledged failover could not fence (a new leader fences
 * them the moment they answer, under that acknowledgement), and the master's last known position
 * (the risk figure of a failover proposed by a controller that was not probing then). The leader
 * writes each when it changed; a controller that comes to lead takes them before its first
 * proposal. On the owner thread, inside {@link AckAnywhere#after}: its ZooKeeper errors are that
 * class's to say.
 */
final class Handover {

    private final HactlConfig cfg;
    private final Supervisor supervisor;
    private final OperationBook book;
    private final Clock clock;
    private final PrintWriter out;
    private final String member;
    private SharedState.AntiFlapping blockWritten;
    private Set<String> fencesWritten = Set.of();
    private GtidMemory.Seen positionWritten;

    Handover(HactlConfig cfg, Supervisor supervisor, OperationBook book, Clock clock, PrintWriter out) {
        this.cfg = cfg;
        this.supervisor = supervisor;
        this.book = book;
        this.clock = clock;
        this.out = out;
        this.member = cfg.controller().coordination() == null ? null : cfg.controller().coordination().member();
    }

    /** This controller leads now (again, or anew): write everything once more, whatever was written before. */
    void standingChanged() {
        blockWritten = null;
        fencesWritten = null;
        positionWritten = null;
    }

    /** On a controller that just came to lead: what the last leader left, taken into this one. */
    void take(SharedState state) {
        Optional<SharedState.AntiFlapping> block = state.antiFlapping();
        block.ifPresent(b -> supervisor.adoptBlocks(b.lastFailoverAt(), b.lastAppMoveAt()));
        int fences = 0;
        for (SharedState.Fence f : state.fences()) {
            if (f.status() == SharedState.Fence.Status.PENDING && f.failover() != null) {
                book.adoptUnfenced(new PendingFences.Pending(f.failover(), f.by(), f.comment(),
                        new Fencing(f.node(), Fencing.Vip.UNREACHABLE, Fencing.Db.UNANSWERED, f.detail()), null,
                        f.untilReadOnly()));
                fences++;
            }
        }
        Optional<SharedState.MasterPosition> position = state.masterPosition();
        position.ifPresent(p -> adoptPosition(p));
        say("took over from the last leader: " + block.map(b -> "last failover " + b.lastFailoverAt()
                + ", last application move " + b.lastAppMoveAt()).orElse("no anti-flapping block") + "; " + fences
                + " old master(s) to fence when they answer; " + position.map(p -> "master " + p.master() + " last seen at "
                + p.seen().position()).orElse("no master position"));
    }

    /** Into this controller's gtid-memory.json (an older observation never replaces a newer one there). */
    private void adoptPosition(SharedState.MasterPosition p) {
        GtidMemory.of(cfg).record(p.master(), p.seen());
    }

    /** On the leader after each message: what changed since the last write, written under {@code epoch}. */
    void publish(SharedState state, Epoch epoch) {
        SharedState.AntiFlapping block = new SharedState.AntiFlapping(supervisor.lastFailoverAt(),
                supervisor.lastAppMoveAt(), member, clock.instant());
        if (blockWritten == null || !Objects.equals(blockWritten.lastFailoverAt(), block.lastFailoverAt())
                || !Objects.equals(blockWritten.lastAppMoveAt(), block.lastAppMoveAt())) {
            state.setAntiFlapping(epoch, block);
            blockWritten = block;
        }
        List<PendingFences.Pending> pending = book.unfenced();
        Set<String> now = pending.stream().map(p -> p.node() + "@" + p.failover().id()).collect(Collectors.toSet());
        if (!now.equals(fencesWritten)) {
            Set<String> nodes = pending.stream().map(PendingFences.Pending::node).collect(Collectors.toSet());
            for (SharedState.Fence f : state.fences()) {
                if (!nodes.contains(f.node())) {
                    state.removeFence(epoch, f.node());
                }
            }
            for (PendingFences.Pending p : pending) {
                state.putFence(epoch, new SharedState.Fence(p.node(), p.failover().id(), p.who(),
                        SharedState.Fence.Status.PENDING, clock.instant(), p.fencing().words(), p.failover(), p.comment(),
                        p.untilReadOnly()));
            }
            fencesWritten = now;
        }
        String master = supervisor.last() == null ? null : supervisor.last().master();
        if (master != null) {
            GtidMemory.Seen seen = GtidMemory.of(cfg).all().get(master);
            if (seen != null && !seen.equals(positionWritten)) {
                state.setMasterPosition(epoch, new SharedState.MasterPosition(master, seen));
                positionWritten = seen;
            }
        }
    }

    private void say(String sentence) {
        out.println("hactl controller: " + sentence);
        out.flush();
    }
}
