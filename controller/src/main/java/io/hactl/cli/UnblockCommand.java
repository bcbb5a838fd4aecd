package io.hactl.cli;

import io.hactl.api.ActionRequests;
import io.hactl.config.HactlConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lifts the anti-flapping block after a failover. */
@Command(name = "unblock", mixinStandardHelpOptions = true,
        description = {"Lift the anti-flapping block, so that the next master failure is proposed again.",
                "After a failover the controller proposes no new failover for failover.block_period "
                        + "(default 1h); hactl status says so. Once the pair is sound again (the old master rebuilt "
                        + "or rejoined), unblock so that the next failure is proposed again. The reason is required: "
                        + "it goes to the transition log with your operator name."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:unblocked, or recorded by a controller that does not lead, for the leader",
                "1:failed, no controller answering, or no leader (nothing recorded)", "2:refused (e.g. no block in force)",
                "3:bad config, no usable token, or the token was not accepted"})
public final class UnblockCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Option(names = "--reason", paramLabel = "TEXT", required = true,
            description = "Why the block may be lifted (e.g. \"n1 rebuilt from n2, replicating\").")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new BadUsage(spec, "unblock: --reason is empty: say why the block may be lifted");
        }
        HactlConfig cfg = configOption.load("unblock", spec.commandLine().getErr(),
                api.json ? null : spec.commandLine().getOut());
        if (cfg == null) {
            return 3;
        }
        return ControllerCall.action("unblock", cfg, api, "/api/unblock", new ActionRequests.Unblock(reason),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
