package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The db-copy service (issue 15: the command parses, calls, prints; the copy itself lives here). */
class DbCopyTest {

    @Test
    @DisplayName("A copy runs in as many streams as asked, never more than the tables, never fewer than one")
    void streamsAreBetweenOneAndTheTables() {
        assertThat(DbCopy.streams(4, 10)).isEqualTo(4);
        assertThat(DbCopy.streams(4, 2)).isEqualTo(2);
        assertThat(DbCopy.streams(4, 0)).isEqualTo(1);
        assertThat(DbCopy.streams(1, 10)).isEqualTo(1);
    }

    @Test
    @DisplayName("A copy whose servers cannot be read fails with the server's message and changes nothing")
    void aCopyWhoseServersCannotBeReadFailsAndChangesNothing() {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        Journal journal = new Journal(w, null, null, "db-copy", "alice", "test");
        DbEndpoint origin = new DbEndpoint("127.0.0.1", 1, null, "nobody", null, "a");
        DbEndpoint destination = new DbEndpoint("127.0.0.1", 1, null, "nobody", null, "b");
        journal.begin("copy a into b");
        int exit = new DbCopy(null, WritePolicy.Binlog.AUTO, 1, Duration.ofMinutes(5))
                .copy(journal, origin, destination, new Progress(w, false, System::nanoTime));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("db-copy: FAILED: ", "127.0.0.1", "; nothing was changed");
        assertThat(journal.ended()).isTrue();
    }
}
