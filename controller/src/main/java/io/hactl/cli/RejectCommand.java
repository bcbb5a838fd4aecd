package io.hactl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Refuses a proposal of the running controller: nothing changes on the nodes. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = {"Refuse a proposal of the running controller: nothing changes on the nodes.",
                "Your operator name (from your token), the time and your comment are recorded. In "
                        + "failover.mode automatic this is how a proposal is stopped before it runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rejected, or recorded by a controller that does not lead, for the leader",
                "1:failed, no controller answering, or no leader (nothing recorded)",
                "2:refused or no such proposal (e.g. already decided)",
                "3:bad config, no usable token, or the token was not accepted"})
public final class RejectCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID", description = "The proposal's id (hactl proposals lists them); ID@VERSION ties"
            + " the decision to that version of it (with controller.coordination: refused if it changed since).")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why you refuse it; written to the transition log.")
    String comment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return AckCommand.decide(spec, configOption, api, "reject", id, comment);
    }
}
