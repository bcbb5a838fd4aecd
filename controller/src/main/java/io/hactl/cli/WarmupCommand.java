package io.hactl.cli;

import io.hactl.check.CheckRenderer;
import io.hactl.check.CheckReport;
import io.hactl.check.ReportJson;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.Diagnoser;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import io.hactl.probe.NodeScript;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Loads, without any I/O to nodes, the classes a check uses, so the launcher can record
 * them in a class-data-sharing archive once after a build (bin/hactl). Hidden.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true, description = "Load the classes of a check (for the launcher's CDS archive).")
public final class WarmupCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXAMPLE_CONFIG", description = "A valid example config (conf/hactl.yml).")
    Path example;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.report(example);
        Class.forName("com.mysql.cj.jdbc.Driver");
        new com.jcraft.jsch.JSch().getSession("root", "198.51.100.11", 22);
        NodeScript.parse(NodeScript.build("eth0", Map.of("x", "y"), List.of("198.51.100.89"), Duration.ofMillis(300)));
        HactlConfig cfg = ConfigLoader.report(example).config();
        NodeProbe n = new NodeProbe("n1", "198.51.100.11", new NodeProbe.PingResult(true, 0.1, null),
                new NodeProbe.ShellResult(true, null), List.of("198.51.100.11"), "02:00:00:00:00:01",
                DbProbe.notResponding("warmup"), List.of(new ServiceProbe("s", true, List.of(1L), 80, true, null)));
        VipProbe v = new VipProbe("198.51.100.89", List.of("n1"), List.of(), Map.of(), null);
        ProbeSnapshot s = new ProbeSnapshot("warmup", Instant.now(), Duration.ZERO, List.of(n, n), v, v);
        CheckReport r = CheckReport.of("warmup", s, new Diagnoser());
        ReportJson.write(r);
        if (cfg != null) {
            CheckRenderer.render(cfg, r);
        }
        return 0;
    }
}
