package io.hactl.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A node's shell with a guard around each command (issue 16: the controller's epoch in front of
 * every command an operation sends to a node). The guard may refuse a command before it runs (the
 * controller was deposed: nothing more runs), rewrites the command as sent, and sees each result
 * (a refusal by the node itself). Results name the command as the caller wrote it, not the guard's
 * prefix, so messages stay what they were. Closing it leaves the shell it wraps open: that one is
 * shared ({@link NodeShells}).
 */
public final class GuardedShell implements NodeShell {

    /** What runs around each command on one node. */
    public interface Guard {

        /** The answer to a command that must not run now, in place of running it; empty when it may run. */
        Optional<CommandResult> refuse(String node, String command);

        /** The command as it is sent to the node. */
        String wrap(String node, String command);

        /** What came back ({@code command} as the caller wrote it). */
        void seen(CommandResult result);
    }

    private final NodeShell shell;
    private final Guard guard;

    public GuardedShell(NodeShell shell, Guard guard) {
        this.shell = shell;
        this.guard = guard;
    }

    @Override
    public String node() {
        return shell.node();
    }

    @Override
    public void open() {
        shell.open();
    }

    @Override
    public CommandResult run(String command, String stdin, Duration timeout) {
        Optional<CommandResult> refused = guard.refuse(node(), command);
        if (refused.isPresent()) {
            return refused.get();
        }
        CommandResult r = shell.run(guard.wrap(node(), command), stdin, timeout);
        CommandResult asWritten = new CommandResult(r.node(), command, r.exit(), r.out(), r.err(), r.elapsed());
        guard.seen(asWritten);
        return asWritten;
    }

    @Override
    public SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout, Duration idleLimit,
                                        LongConsumer onBytes) throws IOException {
        Optional<CommandResult> refused = guard.refuse(node(), command);
        if (refused.isPresent()) {
            CommandResult r = refused.get();
            return new SshShell.StreamResult(r.exit(), r.err(), 0, "refused: " + r.err());
        }
        long t0 = System.nanoTime();
        SshShell.StreamResult r = shell.stream(guard.wrap(node(), command), stdin, stdout, idleLimit, onBytes);
        guard.seen(new CommandResult(node(), command, r.exit(), "", r.stderr(), Duration.ofNanos(System.nanoTime() - t0)));
        return r;
    }
}
