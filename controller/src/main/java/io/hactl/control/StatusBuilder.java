package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.state.Assessment;
import io.hactl.state.Supervisor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's status as the owner thread publishes it after each message: the supervisor's
 * state and last assessment, the blocks, the operation running, the cycles' counters, and the
 * facts a start or a failover left (an interrupted operation, old masters waiting to be fenced).
 */
final class StatusBuilder {

    /** The probe cycles so far: how many, when the last ended, how long it took. */
    record Cycles(long count, Instant lastAt, long lastMillis) {
        static final Cycles NONE = new Cycles(0, null, 0);

        Cycles next(Instant at, long millis) {
            return new Cycles(count + 1, at, millis);
        }
    }

    private StatusBuilder() {
    }

    /**
     * {@code interrupted}: the line of an operation found interrupted (at the start, or by a new leader), or null; {@code role}: where
     * this controller stands among the three (its line first in the evidence, none without coordination).
     */
    static ControllerStatus build(HactlConfig cfg, Supervisor supervisor, OperationBook book, String interrupted,
                                  Cycles cycles, CoordinationRole role) {
        Assessment a = supervisor.last();
        List<String> evidence = a == null ? new ArrayList<>() : new ArrayList<>(a.evidence());
        if (interrupted != null) {
            evidence.add(0, interrupted);
        }
        evidence.addAll(0, book.unfencedEvidence());
        if (role.text() != null) {
            evidence.add(0, role.text());
        }
        return new ControllerStatus(cfg.clusterName(), supervisor.state(), supervisor.since(),
                a == null ? "starting: no probe cycle yet" : a.sentence(), List.copyOf(evidence),
                a == null ? null : a.dbCode().name(), a == null ? null : a.app(), a == null ? null : a.appSentence(),
                a == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(a.nodes())),
                role.proposes() ? supervisor.pending() : List.of(), blocks(supervisor), book.describe(), cycles.lastAt(), cycles.lastMillis(),
                cycles.count(), a == null ? null : a.replicaLag(), cfg.failover().mode().name(), "controller",
                role.status());
    }

    /** The anti-flapping blocks in force (failover, application move), or null. */
    private static String blocks(Supervisor supervisor) {
        List<String> b = new ArrayList<>();
        supervisor.failoverBlock().ifPresent(v -> b.add(v.toString()));
        supervisor.appMoveBlock().ifPresent(v -> b.add(v.toString()));
        return b.isEmpty() ? null : String.join("; ", b);
    }
}
