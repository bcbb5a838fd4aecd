package io.hactl.cli;

import io.hactl.api.ActionRequests;
import io.hactl.config.HactlConfig;
import io.hactl.text.ControlChars;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Confirms a proposal of the running controller: its operation starts. */
@Command(name = "ack", mixinStandardHelpOptions = true,
        description = {"Confirm (acknowledge) a proposal of the running controller: its operation starts.",
                "It runs (e.g. promote the replica and fence the old master), step by step into the "
                        + "transition log. Your operator name (from your token), the time and your comment are "
                        + "recorded. List the proposals first: hactl proposals."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted (the operation started; follow it in hactl history), or recorded by a controller"
                        + " that does not lead, for the leader to run",
                "1:the operation failed, no controller answering, or no leader (nothing recorded)",
                "2:refused or no such proposal (nothing changed; the message says why)",
                "3:bad config, no usable token, or the token was not accepted"})
public final class AckCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID", description = "The proposal's id (hactl proposals lists them); ID@VERSION ties"
            + " the decision to that version of it (with controller.coordination: refused if it changed since).")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why you confirm it; written to the transition log.")
    String comment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return decide(spec, configOption, api, "ack", id, comment);
    }

    /** ack and reject: the same request on two paths. */
    static int decide(CommandSpec spec, ConfigOption configOption, ApiOptions api, String verb, String id, String comment) {
        if (!id.matches("[A-Za-z0-9._-]{1,64}(@[0-9]{1,9})?")) {
            throw new BadUsage(spec, verb + ": '" + ControlChars.escape(id) + "' is not a proposal id (like p-3f9a1c,"
                    + " or p-3f9a1c@2 for its version 2): hactl proposals lists them");
        }
        HactlConfig cfg = configOption.load(verb, spec.commandLine().getErr(), api.json ? null : spec.commandLine().getOut());
        if (cfg == null) {
            return 3;
        }
        return ControllerCall.action(verb + " " + id, cfg, api, "/api/proposals/" + id + "/" + verb,
                new ActionRequests.Decision(comment), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
