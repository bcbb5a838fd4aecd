package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.daemon.ControllerDaemon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The daemon: watches the pair, proposes, acts on acknowledgements. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = {"Run the controller daemon (systemd: conf/hactl-controller.service).",
                "Probes the pair every probe.interval, keeps its state (hactl status), proposes a",
                "failover when the master is down (confirmed by the replica), a fence on split brain,",
                "a rebuild of an out-of-date node; runs a proposal when an operator acknowledges it",
                "(hactl ack ID), or by itself after failover.grace with failover.mode: automatic.",
                "Every state change, proposal, decision and operation step goes to the transition",
                "log (hactl history), and is printed here. Stops on SIGTERM / Ctrl-C.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "3:bad config"})
public final class ControllerCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HactlConfig cfg = configOption.load("controller", spec.commandLine().getErr());
        if (cfg == null) {
            return 3;
        }
        return ControllerDaemon.run(cfg, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
