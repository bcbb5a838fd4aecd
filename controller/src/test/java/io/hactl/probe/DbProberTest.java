package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.DatabaseConfig;
import io.hactl.config.Secret;
import io.hactl.model.DbProbe;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the prober tells a crash from a silence by the kind of its failure. A port nothing
 * listens on refuses at once (a crashed server on a live host); a server that accepts and says
 * nothing (SIGSTOP) or a lost link times out; a login the server refuses proves it runs.
 */
class DbProberTest {

    private static DbProber prober(int port) {
        return new DbProber(new DatabaseConfig(port, "agi", "agi", Secret.NONE, "repl", Secret.NONE,
                Duration.ofMillis(500), Duration.ofMillis(500), null));
    }

    @Test
    void aPortNothingListensOnIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DbProbe p = prober(port).probe("127.0.0.1");
        assertThat(p.responding()).isFalse();
        assertThat(p.failure()).as(p.error()).isEqualTo(DbProbe.Failure.REFUSED);
    }

    @Test
    void aServerThatAcceptsAndSaysNothingTimesOut_likeASigstoppedMariadbd() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    held.add(s.accept());
                } catch (Exception e) {
                    // closed
                }
            });
            t.start();
            DbProbe p = prober(s.getLocalPort()).probe("127.0.0.1");
            assertThat(p.responding()).isFalse();
            assertThat(p.failure()).as(p.error()).isEqualTo(DbProbe.Failure.TIMEOUT);
            for (Socket x : held) {
                x.close();
            }
        }
    }

    @Test
    void theKindIsReadFromTheCauseNotOnlyTheWords() {
        assertThat(DbProber.failure(new SQLException("Communications link failure", "08S01", 0,
                new ConnectException("Connection refused")))).isEqualTo(DbProbe.Failure.REFUSED);
        assertThat(DbProber.failure(new SQLException("Communications link failure", "08S01", 0,
                new SocketTimeoutException("Connect timed out")))).isEqualTo(DbProbe.Failure.TIMEOUT);
        assertThat(DbProber.failure(new SQLException("Access denied for user 'agi'@'198.51.100.1'", "28000", 1045)))
                .isEqualTo(DbProbe.Failure.AUTH);
        assertThat(DbProber.failure(new SQLException("Unknown database 'x'", "42000", 1049)))
                .isEqualTo(DbProbe.Failure.OTHER);
    }
}
