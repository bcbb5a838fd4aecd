package io.hactl.control;

import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Events;
import io.hactl.log.TransitionLog;
import io.hactl.ops.PairLock;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a starting controller takes from its transition log and state directory: the
 * proposals still pending, those that expired meanwhile, the last failover (anti-flapping),
 * and an operation that started and never finished (its process died: the pair's lock is
 * free but its holder file is still there), which is reported as INTERRUPTED, never
 * silently forgotten. The interrupted operation is closed in the log with result
 * {@code interrupted}.
 */
final class Recovery {

    record Result(List<Proposal> pending, List<Proposal> expiredWhileDown, Instant lastFailoverAt, String interrupted,
                  List<String> interruptedEvidence) {

        String summary() {
            return pending.size() + " pending proposal(s) restored"
                    + (lastFailoverAt == null ? "" : ", last failover at " + lastFailoverAt)
                    + (interrupted == null ? "" : ", an operation was INTERRUPTED");
        }

        List<String> evidence() {
            return pending.stream().map(p -> p.id() + " " + p.kind() + " " + p.node() + " expires " + p.expiresAt()).toList();
        }
    }

    private Recovery() {
    }

    static Result read(Path stateDirectory, TransitionLog log, Instant now) {
        List<TransitionEntry> entries = log.read();
        Map<String, Proposal> last = new LinkedHashMap<>();
        Instant lastFailover = null;
        for (TransitionEntry e : entries) {
            if (e.proposal() != null && !"refused".equals(e.result())) {
                last.put(e.proposal().id(), e.proposal());
            }
            if (Events.OPERATION_END.equals(e.event()) && "failover".equals(e.operation()) && "ok".equals(e.result())) {
                lastFailover = e.time();
            }
            if (Events.UNBLOCK.equals(e.event())) {
                lastFailover = null;
            }
        }
        List<Proposal> pending = new ArrayList<>();
        List<Proposal> expired = new ArrayList<>();
        for (Proposal p : last.values()) {
            if (p.pending()) {
                if (now.isBefore(p.expiresAt())) {
                    pending.add(p);
                } else {
                    expired.add(p.decided(Proposal.Status.EXPIRED, ControlLoop.ACTOR, now,
                            "expired while the controller was not running"));
                }
            }
        }
        String interrupted = null;
        List<String> evidence = new ArrayList<>();
        Optional<PairLock.Holder> holder = PairLock.holder(stateDirectory);
        if (holder.isPresent() && PairLock.current(stateDirectory).isEmpty()) {
            PairLock.Holder h = holder.get();
            boolean ended = entries.stream().anyMatch(e -> h.operationId().equals(e.operationId())
                    && (Events.OPERATION_END.equals(e.event()) || Events.REFUSED.equals(e.event())));
            if (!ended) {
                List<TransitionEntry> steps = entries.stream().filter(e -> h.operationId().equals(e.operationId())).toList();
                interrupted = "operation " + h.describe() + " never finished (its process ended): the pair may be half"
                        + " switched; check it (hactl check) before anything else";
                for (TransitionEntry s : steps) {
                    if (Events.STEP_START.equals(s.event()) || Events.STEP_END.equals(s.event())) {
                        evidence.add(s.time() + " " + s.event() + " " + (s.node() == null ? "" : s.node() + " ") + s.step()
                                + (s.result() == null ? "" : " " + s.result()));
                    }
                }
                if (evidence.isEmpty()) {
                    evidence.add("no step was recorded");
                }
                log.append(new TransitionEntry(now, null, Events.OPERATION_END, h.operation(), h.operationId(), null, null,
                        "interrupted", "never finished: found by the controller at its start", h.who(), null, null));
            }
            try {
                java.nio.file.Files.deleteIfExists(stateDirectory.resolve(PairLock.HOLDER_FILE));
            } catch (java.io.IOException e) {
                // reported again at the next start; harmless
            }
        }
        return new Result(pending, expired, lastFailover, interrupted, evidence);
    }
}
