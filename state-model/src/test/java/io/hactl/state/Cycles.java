package io.hactl.state;

import io.hactl.model.Diagnoser;
import io.hactl.model.GtidView;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.Snap;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs probe cycles through the diagnoser and the detector, carrying the detector's memory as the controller does:
 * the master's last position fed from a store of every node's last answered position (as gtid-memory.json is filled
 * by each cycle's probe), as it was before the cycle's snapshot.
 */
final class Cycles {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final Duration DOWN_AFTER = Duration.ofSeconds(3);

    private record Seen(GtidView position, Instant at) {
    }

    private final Diagnoser diagnoser = new Diagnoser(30);
    private final Detector detector;
    private final Map<String, Seen> stored = new HashMap<>();
    DetectionMemory memory;

    Cycles(DetectionMemory start, boolean followDbMaster) {
        this.memory = start;
        this.detector = new Detector(DOWN_AFTER, followDbMaster);
    }

    Cycles(DetectionMemory start) {
        this(start, true);
    }

    Cycles() {
        this(DetectionMemory.EMPTY);
    }

    /** One cycle: the snapshot taken at {@code at}, with our operation {@code m} running (or null). */
    Assessment next(Snap s, Instant at, Maintenance m) {
        ProbeSnapshot p = s.at(at).build();
        Assessment a = detector.assess(p, diagnoser.diagnoseDb(p), diagnoser.diagnoseApp(p), m, fed(memory));
        for (NodeProbe n : p.nodes()) {
            if (n.db().responding() && n.db().flavor() != null) {
                stored.put(n.name(), new Seen(n.db().gtidView(), p.takenAt()));
            }
        }
        memory = fed(a.memory());
        return a;
    }

    private DetectionMemory fed(DetectionMemory mem) {
        Seen s = mem.master() == null ? null : stored.get(mem.master());
        return s == null ? mem : mem.withMasterSeen(s.position(), s.at());
    }
}
