package io.hactl.control;

import io.hactl.db.GtidMemory;
import io.hactl.log.LogReplay;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Events;
import io.hactl.log.TransitionLog;
import io.hactl.pair.PairLock;
import io.hactl.state.DetectionMemory;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 *
 * <p>And what the detector knew: the master's last position seen by any hactl
 * ({@code gtid-memory.json}, written at every probe), so the risk of a failover after a restart
 * is still measured against it, never "position never seen"; and a master whose failover
 * proposal is still pending stays declared down.
 */
final class Recovery {

    /** @param logDamage the damaged lines the reading of the log skipped ("1 damaged line skipped (first at line 3)"), or null */
    record Result(List<Proposal> pending, List<Proposal> expiredWhileDown, Instant lastFailoverAt, String interrupted,
                  List<String> interruptedEvidence, String logDamage, DetectionMemory memory, Instant lastAppMoveAt) {

        Result(List<Proposal> pending, List<Proposal> expiredWhileDown, Instant lastFailoverAt, String interrupted,
               List<String> interruptedEvidence, String logDamage, DetectionMemory memory) {
            this(pending, expiredWhileDown, lastFailoverAt, interrupted, interruptedEvidence, logDamage, memory, null);
        }

        String summary() {
            return pending.size() + " pending proposal(s) restored"
                    + (memory.masterPosition() == null ? "" : ", master " + memory.master() + " last seen at "
                    + memory.masterPosition().shown() + " at " + memory.masterSeenAt() + " (" + GtidMemory.FILE_NAME + ")")
                    + (memory.declaredDown() ? ", " + memory.master() + " still declared down" : "")
                    + (lastFailoverAt == null ? "" : ", last failover at " + lastFailoverAt)
                    + (lastAppMoveAt == null ? "" : ", last application move at " + lastAppMoveAt)
                    + (interrupted == null ? "" : ", an operation was INTERRUPTED")
                    + (logDamage == null ? "" : "; transition log: " + logDamage + ", the rest was read");
        }

        List<String> evidence() {
            return pending.stream().map(p -> p.id() + " " + p.kind() + " " + p.node() + " expires " + p.expiresAt()).toList();
        }
    }

    private Recovery() {
    }

    static Result read(Path stateDirectory, TransitionLog log, Instant now) {
        TransitionLog.Contents contents = log.readAll();
        LogReplay.Result r = LogReplay.scan(contents.entries(), now);
        List<Proposal> expired = r.expiredWhileDown().stream().map(p -> p.decided(Proposal.Status.EXPIRED,
                ControlLoop.ACTOR, now, "expired while the controller was not running")).toList();
        Optional<PairLock.Holder> running = PairLock.current(stateDirectory);
        List<String> interrupted = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (LogReplay.UnfinishedOperation u : r.unfinished()) {
            if (running.isPresent() && running.get().operationId().equals(u.operationId())) {
                continue;
            }
            interrupted.add(u.summary());
            if (u.lastStep() != null) {
                evidence.add(u.operationId() + " last line: " + u.lastStep().time() + " " + u.lastStep().event() + " "
                        + (u.lastStep().node() == null ? "" : u.lastStep().node() + " ")
                        + (u.lastStep().step() == null ? "" : u.lastStep().step()));
            }
            log.append(new TransitionEntry(now, null, Events.OPERATION_END, u.operation(), u.operationId(), null, null,
                    "interrupted", "never finished: found by the controller at its start", u.who(), u.why(), null));
        }
        if (running.isEmpty()) {
            try {
                java.nio.file.Files.deleteIfExists(stateDirectory.resolve(PairLock.HOLDER_FILE));
            } catch (java.io.IOException e) {
                // a stale holder file is not read as a running operation: the lock decides
            }
        }
        return new Result(r.pending(), expired, r.unblocked() ? null : r.lastFailoverAt(),
                interrupted.isEmpty() ? null : String.join("; ", interrupted), evidence, contents.damageNote(),
                memory(new GtidMemory(stateDirectory, null).all(), r.pending()), r.lastAppMoveAt());
    }

    /**
     * The detector's memory at a start: the master is the one of a pending failover (or node failover) proposal
     * (declared down before the restart: it stays so, timed from when it was last seen
     * answering), else the node last seen writable and not replicating; its position is the last
     * one recorded. Nothing known: the empty memory.
     */
    static DetectionMemory memory(Map<String, GtidMemory.Seen> seen, List<Proposal> pending) {
        Optional<Proposal> failover = pending.stream().filter(Proposal::promotes).findFirst();
        String master = failover.map(Proposal::master).orElseGet(() -> seen.entrySet().stream()
                .filter(e -> !e.getValue().readOnly() && !e.getValue().replica() && e.getValue().at() != null)
                .max(Comparator.comparing((Map.Entry<String, GtidMemory.Seen> e) -> e.getValue().at()))
                .map(Map.Entry::getKey).orElse(null));
        if (master == null) {
            return DetectionMemory.EMPTY;
        }
        GtidMemory.Seen last = seen.get(master);
        Instant since = failover.map(Proposal::createdAt).orElse(null);
        if (last != null && last.at() != null && (since == null || last.at().isBefore(since))) {
            since = last.at();
        }
        return GtidMemory.feed(DetectionMemory.restored(master, failover.isPresent(), since), seen);
    }
}
