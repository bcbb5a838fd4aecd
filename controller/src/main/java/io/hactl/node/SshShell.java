package io.hactl.node;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import io.hactl.config.NodeConfig;
import io.hactl.config.SshConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Runs commands on a node over SSH (JSch). Host keys are checked strictly against the
 * configured known_hosts file; an unknown or changed key is refused with a message that
 * says how to trust it. One session per node, reused; commands run in parallel channels.
 */
public final class SshShell implements NodeShell {

    private final NodeConfig node;
    /** The connected session, once there is one; guarded by this. */
    private Session session;
    /** The connect in flight, shared by every caller that asks meanwhile; guarded by this. */
    private CompletableFuture<Session> connecting;
    private int connects;

    public SshShell(NodeConfig node) {
        this.node = node;
    }

    @Override
    public String node() {
        return node.name();
    }

    @Override
    public CommandResult run(String command, String stdin, Duration timeout) {
        long t0 = System.nanoTime();
        Session s;
        try {
            s = session();
        } catch (SshException e) {
            return new CommandResult(node.name(), command, -1, "", e.getMessage(), since(t0));
        }
        ChannelExec ch = null;
        try {
            ch = (ChannelExec) s.openChannel("exec");
            ch.setCommand(command);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setOutputStream(out, true);
            ch.setErrStream(err, true);
            ch.setInputStream(stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            long deadline = t0 + timeout.toNanos();
            ch.connect((int) Math.max(1, timeout.toMillis()));
            while (!ch.isClosed()) {
                if (System.nanoTime() > deadline) {
                    return new CommandResult(node.name(), command, -1, out.toString(StandardCharsets.UTF_8),
                            "timed out after " + timeout.toMillis() + " ms", since(t0));
                }
                Thread.sleep(2);
            }
            return new CommandResult(node.name(), command, ch.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), since(t0));
        } catch (JSchException e) {
            dropSession();
            return new CommandResult(node.name(), command, -1, "", "ssh to " + target() + ": " + e.getMessage(), since(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(node.name(), command, -1, "", "interrupted", since(t0));
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
        }
    }

    /** What a streamed command did: its exit code (-1: it did not finish), the end of its stderr, bytes streamed. */
    public record StreamResult(int exit, String stderr, long bytes, String error) {
        public boolean ok() {
            return exit == 0 && error == null;
        }
    }

    /**
     * Runs {@code command} and streams its standard output into {@code sink} as it comes, for
     * output too large to hold (a tar of a directory). Memory stays bounded: JSch's channel
     * window and one buffer. Standard input is empty; of stderr the last 16 KB are kept.
     * When no byte arrives for {@code idleLimit} the channel is closed and the result says so
     * (a dead node is also noticed by the session's keepalive). A failing sink (a full disk)
     * closes the channel and throws its IOException.
     *
     * @param onBytes called with the bytes streamed so far, after each buffer
     */
    public StreamResult stream(String command, OutputStream sink, Duration idleLimit, LongConsumer onBytes)
            throws IOException {
        return stream(command, new ByteArrayInputStream(new byte[0]), sink, idleLimit, onBytes);
    }

    /**
     * As {@link #stream(String, OutputStream, Duration, LongConsumer)}, with the command's standard
     * input read from {@code stdin} as it comes (JSch's own thread copies it; its end is the end of
     * the command's input). A stdin that fails ends the command's input without an end: the
     * channel is closed, so the command never takes a cut stream for a whole one.
     */
    @Override
    public StreamResult stream(String command, InputStream stdin, OutputStream sink, Duration idleLimit,
                               LongConsumer onBytes) throws IOException {
        Session s;
        try {
            s = session();
        } catch (SshException e) {
            return new StreamResult(-1, "", 0, e.getMessage());
        }
        ChannelExec ch;
        InputStream in;
        BoundedTail err = new BoundedTail(16 * 1024);
        IdleWatchdog watchdog = new IdleWatchdog(idleLimit);
        AtomicBoolean inputFailed = new AtomicBoolean();
        InputStream input = new FilterInputStream(stdin) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = super.read(b, off, len);
                    watchdog.touch();
                    return n;
                } catch (IOException e) {
                    inputFailed.set(true);
                    throw e;
                }
            }
        };
        try {
            ch = (ChannelExec) s.openChannel("exec");
            ch.setCommand(command);
            ch.setInputStream(input);
            ch.setErrStream(err, true);
            in = ch.getInputStream();
            ch.connect((int) Math.max(1000, node.ssh().connectTimeout().toMillis()));
        } catch (JSchException | IOException e) {
            dropSession();
            return new StreamResult(-1, "", 0, "ssh to " + target() + ": " + e.getMessage());
        }
        ChannelExec channel = ch;
        // no end of input: the command must not take a cut stream for a whole one
        watchdog.start(() -> !channel.isClosed(), inputFailed::get, channel::disconnect);
        long bytes = 0;
        try {
            byte[] buf = new byte[256 * 1024];
            int n;
            while (true) {
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (watchdog.fired() || inputFailed.get()) {
                        break;
                    }
                    return new StreamResult(-1, err.text(), bytes, "reading from " + node.name() + " failed: "
                            + e.getMessage());
                }
                if (n < 0) {
                    break;
                }
                try {
                    sink.write(buf, 0, n);
                } catch (IOException e) {
                    ch.disconnect();
                    throw e;
                }
                bytes += n;
                watchdog.touch();
                onBytes.accept(bytes);
            }
            if (inputFailed.get()) {
                return new StreamResult(-1, err.text(), bytes, "its input failed: the command on " + node.name()
                        + " was stopped before the end of its input");
            }
            if (watchdog.fired()) {
                return new StreamResult(-1, err.text(), bytes, "nothing came from " + node.name() + " for "
                        + idleLimit.toSeconds() + " s: stopped");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!ch.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (!ch.isClosed()) {
                return new StreamResult(-1, err.text(), bytes, "the command's output ended but it did not exit");
            }
            return new StreamResult(ch.getExitStatus(), err.text(), bytes, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StreamResult(-1, err.text(), bytes, "interrupted");
        } finally {
            watchdog.close();
            ch.disconnect();
        }
    }

    /** The last {@code limit} bytes written (a remote command's stderr). */
    private static final class BoundedTail extends OutputStream {
        private final int limit;
        private final java.util.ArrayDeque<Byte> bytes = new java.util.ArrayDeque<>();

        BoundedTail(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (bytes.size() == limit) {
                bytes.removeFirst();
            }
            bytes.addLast((byte) b);
        }

        synchronized String text() {
            byte[] out = new byte[bytes.size()];
            int i = 0;
            for (Byte b : bytes) {
                out[i++] = b;
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** Connects now (key exchange, authentication) so the first command finds the session open; a failure shows there. */
    @Override
    public void open() {
        try {
            session();
        } catch (SshException e) {
            // the first command reports it, with the fix
        }
    }

    /**
     * Connects (or reuses the connection); throws with a message naming node, target and fix.
     * The node's session, connected if it is not. Callers that ask while a connect is in flight share that
     * attempt and its outcome (one connect at a time per node, not one after the other: issue 20, a failover to
     * a lost node's peer waited ~2 connect timeouts for its first read while the prepared commands' connects
     * queued before it); a caller that asks after an attempt ended starts a new one.
     */
    public Session session() throws SshException {
        CompletableFuture<Session> attempt;
        boolean mine = false;
        synchronized (this) {
            if (session != null && session.isConnected()) {
                return session;
            }
            if (connecting == null) {
                connecting = new CompletableFuture<>();
                mine = true;
            }
            attempt = connecting;
        }
        if (mine) {
            try {
                Session s = connect();
                synchronized (this) {
                    session = s;
                    connecting = null;
                }
                attempt.complete(s);
            } catch (SshException | RuntimeException e) {
                synchronized (this) {
                    connecting = null;
                }
                attempt.completeExceptionally(e);
            }
        }
        try {
            return attempt.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SshException se) {
                throw new SshException(se.getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** How many connects this shell started (tests: callers during one attempt share it). */
    synchronized int connects() {
        return connects;
    }

    private Session connect() throws SshException {
        synchronized (this) {
            connects++;
        }
        SshConfig c = node.ssh();
        try {
            if (!Files.isReadable(c.knownHosts())) {
                throw new SshException("node " + node.name() + ": known_hosts file " + c.knownHosts()
                        + " is missing; trust the node's host key with: hactl ssh trust " + node.name());
            }
            JSch jsch = new JSch();
            jsch.setKnownHosts(c.knownHosts().toString());
            jsch.addIdentity(c.privateKey().toString());
            Session s = jsch.getSession(c.user(), node.address(), c.port());
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval((int) Math.max(1000, c.connectTimeout().toMillis()));
            s.setServerAliveCountMax(2);
            s.connect((int) c.connectTimeout().toMillis());
            return s;
        } catch (JSchUnknownHostKeyException e) {
            throw new SshException("node " + node.name() + " (" + node.address() + "): host key unknown, not in "
                    + c.knownHosts() + ". Check its fingerprint and trust it with: hactl ssh trust " + node.name());
        } catch (JSchChangedHostKeyException e) {
            throw new SshException("node " + node.name() + " (" + node.address() + "): HOST KEY HAS CHANGED since it was"
                    + " trusted in " + c.knownHosts() + " (a reinstalled node, or someone in the middle). Refusing to"
                    + " connect. If you know why it changed, remove the old key (ssh-keygen -R " + HostKeyTrust.shellWord(
                    c.port() == 22 ? node.address() : "[" + node.address() + "]:" + c.port()) + " -f " + c.knownHosts()
                    + ": it finds hashed entries too) and run: hactl ssh trust " + node.name());
        } catch (JSchException e) {
            throw new SshException("node " + node.name() + ": ssh to " + target() + " failed: " + e.getMessage());
        }
    }

    private String target() {
        return node.ssh().user() + "@" + node.address() + ":" + node.ssh().port();
    }

    private synchronized void dropSession() {
        if (session != null && !session.isConnected()) {
            session = null;
        }
    }

    /** Ends the session; a connect in flight is waited for first, and its session ended too. */
    @Override
    public void close() {
        CompletableFuture<Session> inFlight;
        synchronized (this) {
            inFlight = connecting;
        }
        if (inFlight != null) {
            try {
                inFlight.join();
            } catch (CompletionException e) {
                // nothing connected: nothing to end
            }
        }
        synchronized (this) {
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SSH could not connect; the message names the node and what to do. */
    public static final class SshException extends Exception {
        public SshException(String message) {
            super(message);
        }
    }
}
