package io.hactl.ops.db;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Session;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A command started on a node ahead of time that waits, blocked on reading its stdin,
 * until {@link #fire} sends it one line: then it runs at once. Used for the one remote
 * command inside a switchover's write gap (DB VIP added on the new master and announced):
 * opening an ssh channel and starting the login shell costs a round trip and more (here
 * ~100 ms idle, up to ~850 ms under load, since bash sources root's ~/.bashrc for ssh
 * commands), and none of that should be spent while no node takes writes.
 *
 * <p>Safe when not fired: {@link #close} ends its stdin, {@code read} fails and the command
 * does not run; if hactl dies, the channel closes and the same happens. Only over ssh
 * ({@link SshShell}); {@link #arm} returns null for other shells and the caller runs the
 * command the ordinary way.
 */
final class ArmedCommand implements AutoCloseable {

    private static final String TRIGGER = "go";
    static final String READY = "hactl-armed";

    private final String node;
    private final String command;
    private final ChannelExec channel;
    private final OutputStream stdin;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private boolean fired;

    private ArmedCommand(String node, String command, ChannelExec channel, OutputStream stdin) {
        this.node = node;
        this.command = command;
        this.channel = channel;
        this.stdin = stdin;
    }

    /** Starts {@code command} on the node, waiting for its trigger; null when that cannot be done. */
    static ArmedCommand arm(NodeShell shell, String command, Duration connectTimeout) {
        return arm(shell, "", command, connectTimeout);
    }

    /**
     * As {@link #arm(NodeShell, String, Duration)}, with {@code before} run while it waits for its trigger (in
     * the same shell: its variables stay for {@code command}); {@code before} must only look, never change.
     */
    static ArmedCommand arm(NodeShell shell, String before, String command, Duration connectTimeout) {
        if (!(shell instanceof SshShell ssh)) {
            return null;
        }
        try {
            Session s = ssh.session();
            ChannelExec ch = (ChannelExec) s.openChannel("exec");
            ch.setCommand(wrapped(before, command));
            OutputStream in = ch.getOutputStream();
            ArmedCommand a = new ArmedCommand(shell.node(), command, ch, in);
            ch.setOutputStream(a.out, true);
            ch.setErrStream(a.err, true);
            ch.connect((int) Math.max(1, connectTimeout.toMillis()));
            return a;
        } catch (Exception e) {
            return null;
        }
    }

    /** The remote text: wait for the trigger line, then run the command (nothing on EOF or another line). */
    static String wrapped(String command) {
        return wrapped("", command);
    }

    /** As {@link #wrapped(String)}, with {@code before} run first (its output discarded). */
    static String wrapped(String before, String command) {
        return (before == null || before.isBlank() ? "" : "{ " + before + "; } >/dev/null 2>&1\n") + "echo " + READY
                + "; read -r hactl_go && [ \"$hactl_go\" = " + TRIGGER + " ] || exit 90\n" + command;
    }

    /** The remote shell has started (login files read) and waits for its trigger. */
    boolean started() {
        return out.toString(StandardCharsets.UTF_8).contains(READY);
    }

    /** Sends the trigger and waits (bounded) for the command to end. Exit -1 when it did not. */
    CommandResult fire(Duration timeout) {
        return fire(timeout, null);
    }

    /**
     * As {@link #fire(Duration)}, but done as soon as the command printed {@code lastLine} (exit 0 then): a command
     * whose last words say it succeeded need not be waited for until its shell has exited and the channel closed (a
     * round trip more, and the shell's exit, on a loaded node tens of ms). The channel is then left to close by
     * itself ({@link #close} ends it). Null: wait for the end.
     */
    CommandResult fire(Duration timeout, String lastLine) {
        long t0 = System.nanoTime();
        boolean early = false;
        fired = true;
        try {
            stdin.write((TRIGGER + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            long deadline = t0 + timeout.toNanos();
            while (!channel.isClosed()) {
                if (lastLine != null && printed(lastLine)) {
                    early = true;
                    return result(0, err.toString(StandardCharsets.UTF_8), t0);
                }
                if (System.nanoTime() > deadline) {
                    return result(-1, "timed out after " + timeout.toMillis() + " ms", t0);
                }
                Thread.sleep(1);
            }
            return result(channel.getExitStatus(), err.toString(StandardCharsets.UTF_8), t0);
        } catch (IOException e) {
            return result(-1, "ssh channel to " + node + " broken: " + e.getMessage(), t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(-1, "interrupted", t0);
        } finally {
            if (!early) {
                channel.disconnect();
            }
        }
    }

    /** The command printed {@code line} as a whole line. */
    private boolean printed(String line) {
        String o = out.toString(StandardCharsets.UTF_8);
        return o.contains("\n" + line + "\n") || o.startsWith(line + "\n");
    }

    /** Still waiting for its trigger (the channel is open). */
    boolean ready() {
        return !fired && channel.isConnected() && !channel.isClosed();
    }

    private CommandResult result(int exit, String error, long t0) {
        return new CommandResult(node, "(prepared) " + command, exit, out.toString(StandardCharsets.UTF_8), error,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        if (!fired) {
            try {
                stdin.close();
            } catch (IOException e) {
                // the channel is gone already: the command cannot run either
            }
        }
        channel.disconnect();
    }
}
