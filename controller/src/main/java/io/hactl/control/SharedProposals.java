package io.hactl.control;

import io.hactl.coordination.Epoch;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.Versioned;
import io.hactl.state.Proposal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proposals as the three controllers share them (issue 16), on the owner thread. The leader
 * publishes its supervisor's pending proposals to ZooKeeper after each message that may change
 * them, and removes the ones no longer pending (with their decisions). A follower reads what the
 * leader published: again on each of its cycles and whenever the shared state's watch says a
 * proposal changed, so it lists what the leader made within a moment.
 *
 * <p>A proposal's version is what an operator's decision is tied to, so it changes only when what
 * the operator decides on changes ({@link Decided}: the kind, the node, the master, the action,
 * the risk), never on a reminder, a new sentence or fresher evidence: otherwise every refresh would
 * supersede an acknowledgement recorded on another controller a moment before.
 */
final class SharedProposals {

    /** What an operator decides on: a change of any of it is a new version of the proposal. */
    record Decided(Proposal.Kind kind, String node, String master, String action, String risk) {
        static Decided of(Proposal p) {
            return new Decided(p.kind(), p.node(), p.master(), p.action(), p.risk());
        }
    }

    private record Written(Decided what, int version) {
    }

    /** What this controller wrote as the leader, by id; null until it has read what ZooKeeper holds since it came to lead. */
    private Map<String, Written> written;
    /** As a follower: the pending proposals the leader published, as last read. */
    private List<Versioned<Proposal>> seen = List.of();

    /**
     * The leader: writes each pending proposal that is new or whose {@link Decided} changed, removes
     * the ones it wrote that are no longer pending and, first after it came to lead, any an earlier
     * leader left.
     */
    void publish(SharedState state, Epoch epoch, List<Proposal> pending) {
        seen = List.of();
        if (written == null) {
            Map<String, Written> found = new HashMap<>();
            for (Versioned<Proposal> v : state.proposals()) {
                found.put(v.value().id(), new Written(Decided.of(v.value()), v.version()));
            }
            written = found;
        }
        Set<String> ids = new HashSet<>();
        for (Proposal p : pending) {
            ids.add(p.id());
            Written before = written.get(p.id());
            if (before == null || !before.what().equals(Decided.of(p))) {
                written.put(p.id(), new Written(Decided.of(p), state.putProposal(epoch, p)));
            }
        }
        for (String id : List.copyOf(written.keySet())) {
            if (!ids.contains(id)) {
                state.removeProposal(epoch, id);
                written.remove(id);
            }
        }
    }

    /** Leadership lost or gained: what was written is read again from ZooKeeper before the next write. */
    void standingChanged() {
        written = null;
    }

    /** A follower: reads the pending proposals the leader published. */
    void refresh(SharedState state) {
        seen = state.proposals().stream().filter(v -> v.value().pending()).toList();
    }

    /** What a follower lists: the leader's pending proposals as last read. */
    List<Proposal> seen() {
        return seen.stream().map(Versioned::value).toList();
    }

    /** The version of proposal {@code id} as this controller wrote it (leading) or last read it (following). */
    Optional<Integer> version(String id) {
        if (written != null && written.containsKey(id)) {
            return Optional.of(written.get(id).version());
        }
        return seen.stream().filter(v -> v.value().id().equals(id)).map(Versioned::version).findFirst();
    }
}
