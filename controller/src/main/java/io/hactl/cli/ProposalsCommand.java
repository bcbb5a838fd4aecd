package io.hactl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hactl.api.ApiClient;
import io.hactl.api.ControllerRenderer;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The running controller's proposals: pending first, then the last decided ones. */
@Command(name = "proposals", mixinStandardHelpOptions = true,
        description = {"List the running controller's proposals and how to confirm or refuse them.",
                "Failover, detach the VIP, rejoin, resync: pending ones first, then the last decided ones. "
                        + "For each pending one: why, its evidence, its risk (what may be lost), when it expires, and"
                        + " the commands to confirm or refuse it.",
                "Only reads; changes nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:no controller answering, or it answered with an error",
                "3:bad config, no token (reading the proposals needs one unless controller.open_reads lists"
                        + " proposals; the default does not), or the controller refused the token"})
public final class ProposalsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return ControllerCall.read("proposals", "/api/proposals", configOption, api, spec, (cfg, why, out, err) -> {
            err.println("proposals: " + why + ": proposals are made by the running controller; start it"
                    + " (systemctl start hactl-controller), or see the state now with: hactl check");
            return 1;
        }, (config, json, where, out) -> {
            List<Proposal> list = ApiClient.mapper().convertValue(json, new TypeReference<List<Proposal>>() { });
            if (api.json) {   // a list, as the controller answers it: which config goes to stderr
                spec.commandLine().getErr().println(configOption.line());
            }
            out.print(api.json ? ControllerCall.pretty(json) + "\n" : ControllerRenderer.proposals(list, Instant.now()));
            return 0;
        });
    }
}
