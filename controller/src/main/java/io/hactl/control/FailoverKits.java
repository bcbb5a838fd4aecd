package io.hactl.control;

import io.hactl.ops.db.FailoverKit;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The failovers made ready while their proposals wait (issue 20, ack → writable): for each pending FAILOVER
 * proposal one {@link FailoverKit}, made again at half its freshness, so that the acknowledgement's failover takes
 * one at most {@link FailoverKit#FRESH} old. {@link #pending} is told the pending proposals after every message the
 * owner thread handled; the operation's thread {@link #take}s the kit of the proposal it runs, and any other
 * operation {@link #closeAll closes} them first (it may change what they looked up). A kit whose proposal is no
 * longer pending is closed a little later ({@link #LINGER}): an acknowledgement's operation starts on another
 * thread just after its proposal leaves the pending list. Every method returns at once (a kit is made in the
 * background).
 */
final class FailoverKits implements AutoCloseable {

    /** How long a kit outlives its proposal's pending state: its operation takes it in that time. */
    static final Duration LINGER = Duration.ofSeconds(5);

    private record Held(FailoverKit kit, long lastPending) {
    }

    private final Function<String, FailoverKit> make;
    private final LongSupplier nanos;
    private final Map<String, Held> held = new HashMap<>();
    private boolean closed;

    /** @param make a kit for the failover to the named node, started in the background */
    FailoverKits(Function<String, FailoverKit> make, LongSupplier nanos) {
        this.make = make;
        this.nanos = nanos;
    }

    /** What is pending now: a kit for each FAILOVER proposal (made, or made again); the others' kits let go. */
    void pending(List<Proposal> proposals) {
        List<FailoverKit> closing = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = nanos.getAsLong();
            Map<String, Proposal> failovers = proposals.stream()
                    .filter(p -> p.pending() && p.kind() == Proposal.Kind.FAILOVER && p.node() != null)
                    .collect(Collectors.toMap(Proposal::id, p -> p, (a, b) -> a));
            for (Proposal p : failovers.values()) {
                Held h = held.get(p.id());
                if (h == null || h.kit().age().compareTo(FailoverKit.FRESH.dividedBy(2)) >= 0
                        || !h.kit().target().equals(p.node())) {
                    if (h != null) {
                        closing.add(h.kit());
                    }
                    held.put(p.id(), new Held(make.apply(p.node()), now));
                } else {
                    held.put(p.id(), new Held(h.kit(), now));
                }
            }
            Set<String> gone = held.entrySet().stream()
                    .filter(e -> !failovers.containsKey(e.getKey()) && now - e.getValue().lastPending() > LINGER.toNanos())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            gone.forEach(id -> closing.add(held.remove(id).kit()));
        }
        closing.forEach(FailoverKit::close);
    }

    /** The kit made for {@code proposalId}'s failover, now the caller's to close; empty when there is none. */
    synchronized Optional<FailoverKit> take(String proposalId) {
        Held h = proposalId == null ? null : held.remove(proposalId);
        return Optional.ofNullable(h).map(Held::kit);
    }

    /** Closes every kit (another operation starts, or the controller stops). */
    void closeAll() {
        List<FailoverKit> closing;
        synchronized (this) {
            closing = held.values().stream().map(Held::kit).toList();
            held.clear();
        }
        closing.forEach(FailoverKit::close);
    }

    /** How many kits are held (tests). */
    synchronized int size() {
        return held.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        closeAll();
    }
}
