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
    private Session session;

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

    /** Connects (or reuses the connection); throws with a message naming node, target and fix. */
    public synchronized Session session() throws SshException {
        if (session != null && session.isConnected()) {
            return session;
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
            session = s;
            return s;
        } catch (JSchUnknownHostKeyException e) {
            throw new SshException("node " + node.name() + " (" + node.address() + "): host key unknown, not in "
                    + c.knownHosts() + ". Check its fingerprint and trust it with: hactl ssh trust " + node.name());
        } catch (JSchChangedHostKeyException e) {
            throw new SshException("node " + node.name() + " (" + node.address() + "): HOST KEY HAS CHANGED since it was"
                    + " trusted in " + c.knownHosts() + " (a reinstalled node, or someone in the middle). Refusing to"
                    + " connect. If you know why it changed, remove the old line and run: hactl ssh trust " + node.name());
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

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
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
