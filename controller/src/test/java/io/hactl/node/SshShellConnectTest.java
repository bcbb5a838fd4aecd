package io.hactl.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SshShell's connect, against a local port that accepts TCP and never says a word (a node whose sshd hangs, or a
 * link that takes the handshake and nothing after: the connect ends on its timeout).
 */
class SshShellConnectTest {

    static final Duration CONNECT = Duration.ofMillis(600);

    @TempDir
    Path dir;

    ServerSocket silent;
    final AtomicInteger accepted = new AtomicInteger();
    final List<Socket> held = new CopyOnWriteArrayList<>();
    SshShell shell;

    @BeforeEach
    void setUp() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-sshd");
        acceptor.setDaemon(true);
        acceptor.start();
        Path key = dir.resolve("id_rsa");
        KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        kp.writePrivateKey(key.toString());
        kp.dispose();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        shell = new SshShell(new NodeConfig("n1", "127.0.0.1", "lo", new SshConfig("root", silent.getLocalPort(), key,
                knownHosts, CONNECT, Duration.ofSeconds(5))));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (shell != null) {
            shell.close();
        }
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    @DisplayName("Commands asked for while one connect is in flight share it: one connect, every caller told why, all"
            + " within about one connect timeout (not one timeout after another)")
    void concurrentCallersShareTheConnectInFlight() throws Exception {
        int callers = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CommandResult>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return shell.run("true", Duration.ofSeconds(5));
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (CompletableFuture<CommandResult> r : results) {
            CommandResult c = r.get(10, TimeUnit.SECONDS);
            assertThat(c.ok()).isFalse();
            assertThat(c.err()).startsWith("node n1: ssh to root@127.0.0.1:" + silent.getLocalPort() + " failed:");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // started together: one attempt shared by all (a late starter may begin a second one after the first ended)
        assertThat(shell.connects()).as("connects for %d callers", callers).isLessThanOrEqualTo(2);
        assertThat(ms).as("all callers answered within two connect timeouts, not %d", callers)
                .isLessThan(2 * CONNECT.toMillis() + 500);
    }

    @Test
    @DisplayName("A caller that asks after an attempt failed starts a new one (a failure is not remembered)")
    void aLaterCallerConnectsAgain() {
        assertThat(shell.run("true", Duration.ofSeconds(5)).ok()).isFalse();
        assertThat(shell.run("true", Duration.ofSeconds(5)).ok()).isFalse();
        assertThat(shell.connects()).isEqualTo(2);
    }
}
