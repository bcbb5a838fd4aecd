package io.hactl.db;

import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GtidMemoryTest {

    static GtidMemory.Seen seen(Instant at, String pos) {
        return new GtidMemory.Seen(at, Flavor.MARIADB, pos, null, false, false, "test");
    }

    @Test
    void recordsAndReadsBack(@TempDir Path dir) throws Exception {
        GtidMemory m = new GtidMemory(dir.resolve("state"), "lab");
        assertThat(m.all()).isEmpty();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        m.record(Map.of("n1", seen(t, "0-1-7"), "n2", seen(t, "0-1-6")));
        m.record("n2", new GtidMemory.Seen(t.plusSeconds(1), Flavor.MARIADB, "0-1-7", "0-1-7", true, true, "db-master-set"));
        assertThat(m.last("n1")).get().extracting(GtidMemory.Seen::position).isEqualTo("0-1-7");
        assertThat(m.last("n2").get().view()).isEqualTo(GtidView.mariadb("0-1-7", "0-1-7"));
        assertThat(m.last("n2").get().by()).isEqualTo("db-master-set");
        String json = Files.readString(m.file());
        assertThat(json).contains("\"cluster\" : \"lab\"", "\"at\" : \"2026-01-01T00:00:01Z\"");
        // no temp files left behind
        try (var s = Files.list(dir.resolve("state"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("gtid-memory.json", "gtid-memory.lock");
        }
    }

    @Test
    void anOlderObservationNeverReplacesANewerOne(@TempDir Path dir) {
        GtidMemory m = new GtidMemory(dir, "lab");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        m.record("n1", seen(t, "0-1-9"));
        m.record("n1", seen(t.minusSeconds(5), "0-1-3"));
        assertThat(m.last("n1").get().position()).isEqualTo("0-1-9");
    }

    @Test
    void concurrentWritersLoseNothing(@TempDir Path dir) {
        GtidMemory m = new GtidMemory(dir, "lab");
        Instant t = Instant.now();
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String node = "n" + i;
            fs.add(CompletableFuture.runAsync(() -> new GtidMemory(dir, "lab").record(node, seen(t, "0-1-" + node.length()))));
        }
        fs.forEach(CompletableFuture::join);
        assertThat(m.all()).hasSize(20);
    }

    @Test
    void anUnreadableFileIsAnEmptyMemory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(GtidMemory.FILE_NAME), "{ torn");
        assertThat(new GtidMemory(dir, "lab").all()).isEmpty();
    }

    /** Issue 15: gtid-memory.json is the one memory of the master's last position; the detector's copy is fed from it. */
    @Test
    void theDetectorsCopyOfTheMastersPositionIsFedFromTheStore() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Map<String, GtidMemory.Seen> stored = Map.of("n1", seen(t, "0-1-7"), "n2", seen(t.plusSeconds(1), "0-1-6"));
        io.hactl.state.DetectionMemory ofN1 = GtidMemory.feed(io.hactl.state.DetectionMemory.restored("n1", false, null),
                stored);
        assertThat(ofN1.masterPosition()).isEqualTo(GtidView.mariadb("0-1-7", null));
        assertThat(ofN1.masterSeenAt()).isEqualTo(t);
        assertThat(GtidMemory.feed(io.hactl.state.DetectionMemory.EMPTY, stored))
                .as("no master known: nothing to feed").isEqualTo(io.hactl.state.DetectionMemory.EMPTY);
        assertThat(GtidMemory.feed(ofN1, Map.of("n2", seen(t, "0-1-9"))))
                .as("nothing stored of the master: the copy is kept").isEqualTo(ofN1);
    }
}
