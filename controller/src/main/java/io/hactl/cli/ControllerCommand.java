package io.hactl.cli;

import io.hactl.api.ControllerApi;
import io.hactl.alert.AlertBridge;
import io.hactl.alert.AlertLog;
import io.hactl.alert.Channels;
import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerEvents;
import io.hactl.log.TransitionLog;
import io.hactl.notify.Alerter;
import io.hactl.control.ControlLoop;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        ControllerEvents events = ControllerEvents.NONE;
        Alerter alerter = null;
        if (cfg.alerts() != null && !cfg.alerts().channels().isEmpty()) {
            try {
                alerter = Alerter.start(Channels.from(cfg.alerts()),
                        new AlertLog(new TransitionLog(cfg.stateDirectory()), ControlLoop.ACTOR, clock),
                        Channels.policy(cfg.alerts()));
            } catch (Channels.ChannelException e) {
                spec.commandLine().getErr().println("hactl controller: alerts: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 3;
            }
            events = new AlertBridge(cfg.clusterName(), alerter);
        }
        Alerter alerts = alerter;
        ControlLoop loop = new ControlLoop(cfg, out, clock, events);
        org.springframework.context.ConfigurableApplicationContext web;
        try {
            web = ControllerApi.start(cfg, loop);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("hactl controller: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            web.close();
            loop.close();
            if (alerts != null) {
                alerts.close();
            }
            stopped.countDown();
        }, "hactl-shutdown"));
        out.printf("hactl controller: cluster %s, %d nodes, probe interval %d ms, failover mode %s, API http://%s:%d,"
                + " %d alert channel(s), log %s%n", cfg.clusterName(), cfg.nodes().size(), cfg.probe().interval().toMillis(),
                cfg.failover().mode().name().toLowerCase(), cfg.controller().listenAddress(), ControllerApi.port(web),
                alerts == null ? 0 : cfg.alerts().channels().size(), cfg.stateDirectory().resolve("transitions.jsonl"));
        out.flush();
        loop.start();
        stopped.await();
        return 0;
    }
}
