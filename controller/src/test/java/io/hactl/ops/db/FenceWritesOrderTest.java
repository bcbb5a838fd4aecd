package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.db.ClientSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A fence's database part, {@code DbAdmin.endSessionsAndSetReadOnly} (self-fence, fence of an old master). */
class FenceWritesOrderTest {

    @Test
    @DisplayName("Sessions ended before read_only (a commit waiting for a semi-sync acknowledgement holds read_only,"
            + " and would later be acknowledged alone), then those that connected meanwhile; every one counted")
    void sessionsEndedFirst_thenReadOnly_thenTheLateOnes() {
        List<String> effects = new CopyOnWriteArrayList<>();
        RecordingDbAdmin a = new RecordingDbAdmin("n1", effects);
        a.sessions = List.of(new ClientSession(41, "app", "198.51.100.20:50000", "hactl_demo", "Query", 3,
                "Waiting for semi-sync ACK from slave"));

        int ended = a.endSessionsAndSetReadOnly();

        assertThat(effects).containsExactly("n1 sql: kill sessions", "n1 sql: read_only=true", "n1 sql: kill sessions");
        assertThat(ended).isEqualTo(2);
        assertThat(a.readOnly).isTrue();
    }
}
