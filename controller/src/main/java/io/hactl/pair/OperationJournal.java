package io.hactl.pair;

import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Events;
import io.hactl.log.TransitionLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * What the rest of hactl sees of one operation: its lines in the transition log
 * (operation-start, step-start, step-end, note, then operation-end or refused, all under one
 * id, with who and why) and, while it runs, its hold on the pair: the pair lock (an operation
 * that changes the pair; one at a time) or a maintenance mark (a backup beside them: a
 * failover never waits for it). The one writer of operation lines (issue 15): {@code io.hactl.ops.Operation}
 * (numbered steps, dry runs) and backup's {@code Journal} (one line per finished step) print
 * in their own words over it; LogReplay, HistoryText and IncidentReport read what it writes.
 *
 * <p>A dry run writes only a refusal: what was refused is worth a line, what would have been
 * done is not. Without a transition log (a backup command run without a config) nothing is
 * written and nothing is held. A log that cannot be written throws; the caller decides
 * whether that stops it.
 */
public final class OperationJournal {

    private final TransitionLog log;
    private final String cluster;
    private final String name;
    private final String who;
    private final String why;
    private final boolean dryRun;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final long t0 = System.nanoTime();
    private boolean ended;
    private PairLock pairLock;
    private boolean marked;

    /** @param log null: nothing is written (no config, so no state directory) */
    public OperationJournal(TransitionLog log, String cluster, String name, String who, String why, boolean dryRun) {
        this.log = log;
        this.cluster = cluster;
        this.name = name;
        this.who = who;
        this.why = why;
        this.dryRun = dryRun;
    }

    public String id() {
        return id;
    }

    /** Takes the pair for this operation until {@link #release}, or throws {@link Refused} naming the one running. */
    public void lockPair() {
        pairLock = PairLock.acquire(stateDirectory(), name, id, who);
    }

    /** Marks a maintenance that excludes nobody (a backup) until {@link #release}; without a log, nothing. */
    public void markMaintenance() {
        if (log != null) {
            PairLock.markMaintenance(stateDirectory(), name, id, who);
            marked = true;
        }
    }

    /** Lets go of the pair lock or the maintenance mark, whichever this operation holds. */
    public void release() {
        if (pairLock != null) {
            pairLock.close();
            pairLock = null;
        }
        if (marked) {
            marked = false;
            PairLock.clearMaintenance(stateDirectory(), id);
        }
    }

    public void started(String what) {
        write(Events.OPERATION_START, null, null, null, what, null);
    }

    public void stepStarted(String node, String step) {
        write(Events.STEP_START, step, node, null, null, null);
    }

    /** @param result ok, failed or skipped */
    public void stepEnded(String node, String step, String result, String detail, long ms) {
        write(Events.STEP_END, step, node, result, detail, ms);
    }

    public void note(String node, String text) {
        write(Events.NOTE, null, node, null, text, null);
    }

    /**
     * Ends the operation once: result "refused" is written as a refused line, any other as
     * operation-end, with the time since this journal began. False when it had already ended
     * (nothing written).
     */
    public boolean end(String result, String detail) {
        if (ended) {
            return false;
        }
        ended = true;
        boolean refused = Events.REFUSED.equals(result);
        if (!dryRun || refused) {
            append(new TransitionEntry(Instant.now(), cluster, refused ? Events.REFUSED : Events.OPERATION_END, name, id,
                    null, null, result, detail, who, why, (System.nanoTime() - t0) / 1_000_000));
        }
        return true;
    }

    public boolean ended() {
        return ended;
    }

    /** A refusal before any operation began (an unknown node or service): one refused line, no id. */
    public static void refusedBeforeStart(TransitionLog log, String cluster, String operation, String who, String why,
                                          String reason, String fix) {
        log.append(new TransitionEntry(Instant.now(), cluster, Events.REFUSED, operation, null, null, null,
                Events.REFUSED, reason + (fix == null ? "" : " — " + fix), who, why, 0L));
    }

    private void write(String event, String step, String node, String result, String detail, Long ms) {
        if (!dryRun) {
            append(new TransitionEntry(Instant.now(), cluster, event, name, id, step, node, result, detail, who, why, ms));
        }
    }

    private void append(TransitionEntry e) {
        if (log != null) {
            log.append(e);
        }
    }

    private Path stateDirectory() {
        return log.file().getParent();
    }
}
