package io.hactl.ops.db;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.LocalProgram;
import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import io.hactl.node.IdleWatchdog;
import io.hactl.node.SshShell;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A node command's output streamed through this machine's OpenSSH client ({@code ssh}, a child
 * process), for the physical backup's compressed copy: with the same user, port, key, known_hosts
 * (strict: an unknown or changed host key is refused, as by hactl's own SSH) and connect timeout as
 * the node's {@link SshShell}, no config file, no agent, no password prompt.
 *
 * <p>Why not hactl's own SSH (JSch): measured on the lab, streaming 350 MB from n1 took 4.6–5.1 s
 * and 2.4–2.7 s of CPU in hactl's JVM (68–76 MB/s; 2.9–3.4 s and ~1.6 s CPU with its cipher's code
 * already compiled), where OpenSSH's C and AES instructions take a fraction of that: on 2 cores the
 * node's tar and zstd, its sshd and this end share, the stream's own CPU is the backup's time.
 *
 * <p>When the client cannot be started (no {@code ssh} on this machine) or ends with 255 before any
 * byte came (it could not connect or authenticate: the command did not run), the caller streams
 * through hactl's own SSH instead ({@link #fallBack}), as before.
 */
final class OpenSshStream {

    /** OpenSSH's exit code when it failed itself (connect, authentication), not the command. */
    static final int SSH_FAILED = 255;
    /** Fastest first with AES instructions: OpenSSL's AES-GCM, then what any sshd offers. */
    static final String CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,"
            + "aes128-ctr,aes256-ctr";

    /** How often the file is read back while the client runs (its end is seen at once). */
    static final Duration TAKE_IN = Duration.ofMillis(25);

    private final String client;

    /** @param client the OpenSSH client program ("ssh": found on PATH) */
    OpenSshStream(String client) {
        this.client = client;
    }

    /**
     * The client's argv for {@code command} on {@code node}: every option of the node's ssh config as
     * hactl's own SSH uses it, {@code --} before the destination. Null when a path of the config cannot be
     * written as an OpenSSH option value (a double quote in it): then hactl's own SSH streams.
     */
    List<String> argv(NodeConfig node, String command) {
        SshConfig c = node.ssh();
        String key = c.privateKey().toString();
        String hosts = c.knownHosts().toString();
        if (key.contains("\"") || hosts.contains("\"")) {
            return null;
        }
        long connect = Math.max(1, (c.connectTimeout().toMillis() + 999) / 1000);
        List<String> a = new ArrayList<>(List.of(client, "-T", "-F", "/dev/null",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=\"" + hosts + "\"", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "IdentityFile=\"" + key + "\"",
                "-o", "PreferredAuthentications=publickey", "-o", "ConnectTimeout=" + connect,
                "-o", "ServerAliveInterval=" + connect, "-o", "ServerAliveCountMax=2", "-o", "Ciphers=" + CIPHERS,
                "-o", "LogLevel=ERROR", "-p", Integer.toString(c.port()), "-l", c.user(), "--", node.address(),
                command));
        return a;
    }

    /**
     * Starts the client now, its connection made (key exchange, authentication: ~0.27 s against the lab's sshd)
     * while the caller still waits on something else, and {@code command} held on the node until {@link Held#go}:
     * the node's shell first reads one line, "go", from the client's input; anything else, or its end (the client
     * closed or killed), and the command never runs (exit 3). Its standard output goes into {@code file}'s
     * temporary file. Null when the client cannot be started (no {@code ssh} here, or a path that cannot be an
     * option value).
     */
    Held hold(NodeConfig node, String command, AtomicFile file) throws IOException {
        List<String> argv = argv(node, GATE + command);
        if (argv == null) {
            return null;
        }
        try {
            return new Held(node, LocalProgram.startInto(argv, file.temp()), file);
        } catch (IOException e) {
            return null;     // no OpenSSH client here
        }
    }

    /** How long a held client whose input was closed is given to end by itself before it is killed. */
    static final Duration LET_END = Duration.ofSeconds(2);

    /** The node's shell waits for this line before it runs the held command. */
    static final String GATE = "IFS= read -r go && [ \"$go\" = go ] || exit 3; ";

    /** A client started by {@link #hold}: {@link #go} lets the node's command run and streams it; close ends it. */
    final class Held implements AutoCloseable {

        private final NodeConfig node;
        private final LocalProgram p;
        private final AtomicFile file;
        private boolean released;

        private Held(NodeConfig node, LocalProgram p, AtomicFile file) {
            this.node = node;
            this.p = p;
            this.file = file;
        }

        /**
         * Lets the held command run and takes in its output as the client writes it into the file (the bytes never
         * cross this JVM, which reads them back from the page cache to hash and count them, {@link
         * AtomicFile#absorb}, every {@link #TAKE_IN} or at once when the client ends); {@code onBytes}: the bytes so
         * far. No byte for {@code idleLimit} stops it (the result says so). Null: the client failed before the
         * command ran ({@link #fallBack}; the file is still empty).
         *
         * <p>Measured on the lab (350 MB of zstd from n1): 3.3 s where reading the client's output through a pipe
         * into the file took 5.0 s: on 2 shared cores the pipe's extra copy and its 64 KB steps held back the
         * client, its sshd and the node's tar and zstd.
         */
        SshShell.StreamResult go(Duration idleLimit, LongConsumer onBytes) throws IOException {
            release();
            IdleWatchdog watchdog = new IdleWatchdog(idleLimit).start(p::alive, () -> false, () -> p.kill(Duration.ZERO));
            try {
                boolean ended;
                do {
                    ended = p.ended(TAKE_IN);
                    if (file.absorb() > 0) {
                        watchdog.touch();
                        onBytes.accept(file.bytes());
                    }
                } while (!ended);
            } catch (IOException e) {
                p.kill(Duration.ZERO);
                throw e;
            } catch (InterruptedException e) {
                p.kill(Duration.ZERO);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the copy streamed from " + node.name());
            } finally {
                watchdog.close();
            }
            int exit = p.await(Duration.ofSeconds(30));
            if (watchdog.fired()) {
                return new SshShell.StreamResult(-1, p.stderr(), file.bytes(), idleError(node, idleLimit));
            }
            if (fallBack(exit, file.bytes())) {
                return null;
            }
            return new SshShell.StreamResult(exit, p.stderr(), file.bytes(), exit == SSH_FAILED
                    ? "ssh to " + node.ssh().user() + "@" + node.address() + ":" + node.ssh().port() + " failed"
                    + LocalProgramTail.of(p.stderr()) : null);
        }

        /**
         * Lets the held command run, without waiting for its output ({@link #go} takes it in): what the node's shell
         * does before it streams (a wait of its own) then overlaps what this end still does. Once; again is nothing.
         */
        void release() {
            if (released) {
                return;
            }
            released = true;
            try (var gate = p.stdin()) {
                gate.write("go\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the client has ended (it could not connect): its exit code says so in go
            }
        }

        /**
         * The client ended: its input closed first (a command still held reads no "go" and exits 3, the client with
         * it, in one round trip), killed if it has not ended within {@link #LET_END}. Safe to call twice.
         */
        @Override
        public void close() {
            try {
                p.stdin().close();
            } catch (IOException e) {
                // already closed, or the client has ended
            }
            try {
                p.ended(LET_END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.close();
        }
    }

    /**
     * Whether hactl's own SSH should stream instead: the client failed itself (255) before any byte came, so it
     * did not connect or authenticate (a key file OpenSSH finds too open, a host key only hactl knows how to read):
     * the node's command did not run.
     */
    static boolean fallBack(int exit, long bytes) {
        return exit == SSH_FAILED && bytes == 0;
    }

    private static String idleError(NodeConfig node, Duration idleLimit) {
        return "nothing came from " + node.name() + " for " + idleLimit.toSeconds() + " s: stopped";
    }

    /** The client's last lines, as the other tools' ("" when it said nothing). */
    private static final class LocalProgramTail {
        static String of(String stderr) {
            List<String> lines = stderr.strip().lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                    lines.size()));
        }
    }
}
