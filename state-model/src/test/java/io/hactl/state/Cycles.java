package io.hactl.state;

import io.hactl.model.Diagnoser;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.Snap;
import java.time.Duration;
import java.time.Instant;

/** Runs probe cycles through the diagnoser and the detector, carrying the detector's memory as the controller does. */
final class Cycles {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final Duration DOWN_AFTER = Duration.ofSeconds(3);

    private final Diagnoser diagnoser = new Diagnoser(30);
    private final Detector detector;
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
        Assessment a = detector.assess(p, diagnoser.diagnoseDb(p), diagnoser.diagnoseApp(p), m, memory);
        memory = a.memory();
        return a;
    }
}
