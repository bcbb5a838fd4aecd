package io.hactl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.api.ApiClient;
import io.hactl.api.ControllerRenderer;
import io.hactl.check.CheckRenderer;
import io.hactl.check.CheckReport;
import io.hactl.check.ReportJson;
import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The controller's view of the pair if it runs, else a one-shot check. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The running controller's view of the pair (else a one-shot check).",
                "The cluster state and since when, this cycle's sentence and its evidence, each node's "
                        + "state, the application, the proposals waiting for an operator (and how to ack or reject "
                        + "them), the anti-flapping block (and how to lift it), the operation running; with "
                        + "controller.coordination, this controller's member and role, the leader, the epoch and each "
                        + "ZooKeeper member's answer. Asks the "
                        + "controller at controller.listen_address:port (short timeouts). No controller answering: "
                        + "says so, then runs a one-shot check (as hactl check).",
                "Only reads; changes nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:warning (degraded, stand-alone, ...) or the controller answered with an error",
                "2:critical (master down, split brain, failover proposed, application down)",
                "3:bad config, or the controller refused the token (status needs one when it is not in "
                        + "controller.open_reads)"})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return ControllerCall.read("status", "/api/status", configOption, api, spec,
                (cfg, why, out, err) -> oneShot(cfg, why, api.json, out), (config, json, where, out) -> {
                    ControllerStatus s = ApiClient.mapper().treeToValue(json, ControllerStatus.class);
                    out.print(api.json ? ControllerCall.pretty(ControllerCall.withConfig(json, config)) + "\n"
                            : ControllerRenderer.status(s, where, Instant.now()));
                    return ControllerRenderer.exitCode(s);
                });
    }

    /** No controller answering ({@code why}): a check, said as one (also {@link QuickStatus}'s). */
    static int oneShot(HactlConfig cfg, String why, boolean json, PrintWriter out) throws Exception {
        String line = why + ": one-shot check";
        CheckReport report = CheckCommand.probe(cfg);
        if (json) {
            ObjectNode o = ApiClient.mapper().createObjectNode();
            o.put("source", "check");
            o.put("config", cfg.source().toString());
            o.put("controller", why);
            o.set("check", ApiClient.mapper().readTree(ReportJson.write(report)));
            out.println(ControllerCall.pretty(o));
        } else {
            out.println(line);
            out.println();
            out.print(CheckRenderer.render(cfg, report));
        }
        return report.exitCode();
    }
}
