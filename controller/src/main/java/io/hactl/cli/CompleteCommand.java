package io.hactl.cli;

import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigReport;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hactl __complete nodes|services}: the config's node or service names, one a line, for the bash
 * completion (packaging/: the script picocli generates from the command model is static, so for --node and the
 * service names of start, stop and logs it calls this at completion time; docs/decisions.md). Hidden. Prints
 * only names (no "config:" line); no usable config: no names, the reason on stderr (the script drops it), exit 3.
 */
@Command(name = CompleteCommand.NAME, hidden = true,
        description = "The config's node or service names, one a line (for the bash completion).")
public final class CompleteCommand implements Callable<Integer> {

    static final String NAME = "__complete";

    /** What to name. */
    public enum What { nodes, services }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Parameters(paramLabel = "WHAT", description = "nodes or services")
    What what;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path file = configOption.resolve();
        if (file == null) {
            err.println(configOption.locator.noConfig(NAME));
            err.flush();
            return 3;
        }
        ConfigReport report = ConfigLoader.report(file);
        HactlConfig cfg = report.config();
        if (cfg == null || !report.valid()) {
            err.println(NAME + ": cannot use " + file + " (" + report.errors().size()
                    + " problem(s)); fix them, then run: hactl conf check --config " + file);
            err.flush();
            return 3;
        }
        List<String> names = what == What.nodes
                ? cfg.nodes().stream().map(NodeConfig::name).toList()
                : (cfg.services() == null ? List.<ServiceConfig>of() : cfg.services()).stream()
                        .map(ServiceConfig::name).toList();
        PrintWriter out = spec.commandLine().getOut();
        names.forEach(out::println);
        out.flush();
        return 0;
    }
}
