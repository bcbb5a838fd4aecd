package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the watch wakes the prober the moment the master's server closes its connection (kill -9:
 * the kernel closes the dead process's sockets), and stays quiet while a server holds it silently
 * (SIGSTOP, a lost link).
 */
class MasterWatchTest {

    private final AtomicInteger wakes = new AtomicInteger();
    private final AtomicReference<Socket> accepted = new AtomicReference<>();
    private MasterWatch watch;
    private ServerSocket server;

    @AfterEach
    void tearDown() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (server != null) {
            server.close();
        }
        Socket s = accepted.get();
        if (s != null) {
            s.close();
        }
    }

    /** A server that accepts one connection and says nothing on it. */
    private MasterWatch.Target silentServer() throws Exception {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                accepted.set(server.accept());
            } catch (Exception e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        return new MasterWatch.Target("127.0.0.1", server.getLocalPort());
    }

    @Test
    void theServerClosingTheConnectionWakesTheProberAtOnce() throws Exception {
        MasterWatch.Target t = silentServer();
        watch = new MasterWatch(() -> t, wakes::incrementAndGet, Duration.ofMillis(500)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.get() != null);
        server.close(); // what follows is refused, as on a host whose server died
        long t0 = System.nanoTime();
        accepted.get().close();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> wakes.get() > 0);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms from the close to the wake").isLessThan(300);
    }

    @Test
    void aSilentServerWakesNothing_likeASigstoppedOneOrALostLink() throws Exception {
        MasterWatch.Target t = silentServer();
        watch = new MasterWatch(() -> t, wakes::incrementAndGet, Duration.ofMillis(500)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.get() != null);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> wakes.get() == 0);
    }

    @Test
    void noTargetNoConnection() throws Exception {
        silentServer();
        watch = new MasterWatch(() -> null, wakes::incrementAndGet, Duration.ofMillis(500)).start();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> accepted.get() == null
                && wakes.get() == 0);
    }
}
