package io.hactl.cli;

import io.hactl.api.ActionRequests;
import io.hactl.config.HactlConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Asks the running controller for a planned switchover (its db-master-set). */
@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = {"Ask the running controller for a planned switchover to NODE.",
                "NODE becomes the database master (db-master-set without lost writes), run by the "
                        + "controller so that it does not read the switch as a failure. Refused while another "
                        + "operation runs on the pair (the message names it). Without a controller, run hactl db-"
                        + "master-set --node NODE yourself."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted (the switchover started; follow it in hactl history), or recorded by a"
                        + " controller that does not lead, for the leader to run",
                "1:failed, no controller answering, or no leader (nothing recorded)", "2:refused (nothing changed; the message says why)",
                "3:bad config, no usable token, or the token was not accepted"})
public final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Option(names = {"-n", "--node"}, paramLabel = "NAME", required = true, description = "The node to become master.")
    String node;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why; written to the transition log (default: the command line).")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HactlConfig cfg = configOption.load("switchover", spec.commandLine().getErr(),
                api.json ? null : spec.commandLine().getOut());
        if (cfg == null) {
            return 3;
        }
        if (cfg.node(node).isEmpty()) {
            spec.commandLine().getErr().println("switchover: no node '" + node + "' in " + cfg.source() + ": use one of "
                    + cfg.nodes().stream().map(n -> n.name()).toList());
            spec.commandLine().getErr().flush();
            return 3;
        }
        String why = reason != null ? reason : "operator ran: hactl switchover --node " + node;
        return ControllerCall.action("switchover", cfg, api, "/api/switchover", new ActionRequests.Switchover(node, why),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
