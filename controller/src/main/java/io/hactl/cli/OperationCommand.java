package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shape of every operator command: load the config, open the pair, run the operation;
 * exit 0 done, 1 a step failed, 2 refused (nothing changed), 3 bad config.
 */
abstract class OperationCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    OperationOptions options;

    @Spec
    CommandSpec spec;

    /**
     * Runs the operation; returns its exit code (0 done, 1 a step failed, 2 refused), or throws
     * {@link Refused} (a bad name, before anything began) or {@link StepFailed}.
     */
    abstract int run(Pair pair, OperationRunner runner);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HactlConfig cfg = configOption.load(spec.name(), err);
        if (cfg == null) {
            return 3;
        }
        String commandLine = String.join(" ", spec.commandLine().getParseResult().originalArgs());
        OperationRunner runner = options.runner(cfg, out, commandLine);
        try (Pair pair = new Pair(cfg)) {
            return run(pair, runner);
        } catch (Refused e) {
            if (!e.reported()) {
                runner.refusedBeforeStart(spec.name(), e.reason(), e.fix());
                out.println(spec.name() + ": REFUSED: " + e.reason());
                if (e.fix() != null) {
                    out.println("  what to do: " + e.fix());
                }
                out.println("  nothing was changed.");
            }
            out.flush();
            return 2;
        } catch (StepFailed e) {
            if (!e.reported()) {
                out.println(spec.name() + ": FAILED: " + e.getMessage());
            }
            out.flush();
            return 1;
        }
    }
}
