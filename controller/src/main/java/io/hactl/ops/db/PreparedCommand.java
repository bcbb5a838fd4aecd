package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One of a failover's VIP commands on the critical path (the DB VIP removed from the old master,
 * added on the new one and announced), started on its node when the failover starts and fired
 * when its step comes (issue 20): the step then costs no ssh channel set-up and no login-shell
 * start, ~80 ms instead of 150–300 ms on a loaded 2-core lab, as the planned switch's add does
 * ({@link DbMasterSet}). When it cannot be prepared (not an SSH shell, not ready in time) or did
 * not run, the ordinary way runs (both commands are idempotent).
 */
final class PreparedCommand implements AutoCloseable {

    private final CompletableFuture<ArmedCommand> arming;
    private final NodeConfig node;

    private PreparedCommand(CompletableFuture<ArmedCommand> arming, NodeConfig node) {
        this.arming = arming;
        this.node = node;
    }

    /** Starts preparing {@code command} on {@code node} in the background; returns at once. */
    static PreparedCommand start(NodeShell shell, NodeConfig node, String command) {
        return start(shell, node, "", command);
    }

    /** As above, {@code before} run on the node while it waits for its trigger: look-ups only, no change. */
    static PreparedCommand start(NodeShell shell, NodeConfig node, String before, String command) {
        return new PreparedCommand(CompletableFuture.supplyAsync(() -> ArmedCommand.arm(shell, before, command,
                node.ssh().connectTimeout())), node);
    }

    /**
     * Fires the prepared command and returns {@code done} of its result; when it was not prepared,
     * or did not run, or failed: {@code otherwise} (the ordinary command).
     */
    String fire(Function<CommandResult, String> done, Supplier<String> otherwise) {
        return fire(done, otherwise, null);
    }

    /**
     * As {@link #fire(Function, Supplier)}, done once the command printed {@code lastLine} (its last words when it
     * succeeded: {@link ArmedCommand#fire(Duration, String)}), not when its channel closed; null: at its end.
     */
    String fire(Function<CommandResult, String> done, Supplier<String> otherwise, String lastLine) {
        ArmedCommand armed;
        try {
            armed = arming.get(node.ssh().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            armed = null;
        }
        if (armed != null && armed.ready()) {
            boolean started = armed.started();
            CommandResult fired = armed.fire(Duration.ofSeconds(5), lastLine);
            // without the line the prepared shell printed when it was ready for its trigger
            CommandResult r = new CommandResult(fired.node(), fired.command(), fired.exit(),
                    fired.out().replaceFirst("^" + ArmedCommand.READY + "\\n?", ""), fired.err(), fired.elapsed());
            if (r.ok()) {
                return done.apply(r) + " (prepared command" + (started ? "" : ", its shell still starting when fired")
                        + ")";
            }
        }
        return otherwise.get();
    }

    /**
     * Fires the prepared command and returns its result when it was prepared and ran with exit 0 (its output without
     * the ready line); empty otherwise: the caller runs its ordinary way.
     */
    Optional<CommandResult> fireResult() {
        ArmedCommand armed;
        try {
            armed = arming.get(node.ssh().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (armed == null || !armed.ready()) {
            return Optional.empty();
        }
        CommandResult fired = armed.fire(Duration.ofSeconds(5));
        CommandResult r = new CommandResult(fired.node(), fired.command(), fired.exit(),
                fired.out().replaceFirst("^" + ArmedCommand.READY + "\\n?", ""), fired.err(), fired.elapsed());
        return r.ok() ? Optional.of(r) : Optional.empty();
    }

    /** Closes the prepared command unused (or after it ran), also when it is still being prepared. */
    @Override
    public void close() {
        arming.whenComplete((a, e) -> {
            if (a != null) {
                a.close();
            }
        });
    }
}
