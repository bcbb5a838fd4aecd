package io.hactl.cli;

import io.hactl.check.CheckRenderer;
import io.hactl.check.CheckReport;
import io.hactl.check.ReportJson;
import io.hactl.config.HactlConfig;
import io.hactl.model.Diagnoser;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.probe.ProbeCycle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** check_cluster.sh for both nodes at once, from anywhere that reaches them. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Report the state of the pair, both nodes at once (check_cluster.sh).",
                "VIPs and who answers ARP for them, MySQL on each node (role, replication, lag, GTID),",
                "the application services, and a verdict.",
                "Only reads; changes nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:warning (replica down, stopped or lagging; stand-alone)",
                "2:critical (IP conflict, no master, master unreachable, application down)",
                "3:could not check (bad config)"})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--json", description = "Print the report as JSON (schema: docs/check-json.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // no "config:" line: the report names its config (first line; "config" in --json)
        HactlConfig cfg = configOption.load("check", spec.commandLine().getErr(), null);
        if (cfg == null) {
            return 3;
        }
        CheckReport report = probe(cfg);
        spec.commandLine().getOut().print(json ? ReportJson.write(report) + "\n" : CheckRenderer.render(cfg, report));
        spec.commandLine().getOut().flush();
        return report.exitCode();
    }

    /** One probe cycle and its diagnosis: the check's report (also hactl status's when no controller runs). */
    static CheckReport probe(HactlConfig cfg) {
        ProbeSnapshot snapshot;
        try (NodeShells shells = new NodeShells(); ProbeCycle cycle = new ProbeCycle(cfg, shells::forNode)) {
            snapshot = cycle.run();
        }
        io.hactl.db.GtidMemory.recordProbe(cfg, snapshot);
        return CheckReport.of(cfg.source().toString(), snapshot, new Diagnoser());
    }
}
