package io.hactl.lab;

import io.hactl.cli.Main;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl lab controllers start|remove|status}: the three coordinated controllers of issue 16 by
 * hand ({@link LabControllers}; the tests call it directly). Not part of {@code lab up}: docs/lab.md,
 * "The three controllers".
 */
@Command(name = "controllers", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"The lab's three coordinated controllers (issue 16), one in each of hactl-n1, hactl-n2 and the "
                + "witness hactl-w, on the lab's ZooKeeper ensemble; not started by 'lab up'. Each has its config, state "
                + "and output under /var/lib/hactl-lab/{n1,n2,w}/controller/. heal keeps them running; down removes them."},
        subcommands = {LabControllersCommand.Start.class, LabControllersCommand.Remove.class,
                LabControllersCommand.Status.class})
final class LabControllersCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(PrintWriter out, LabControllers c) {
        for (LabControllers.View v : c.views()) {
            out.println("  " + v.describe());
        }
        out.flush();
    }

    @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Starts the three (root) and waits until one leads and has probed; prints each one's view.",
                    "A no-op for one already running."})
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--leader", paramLabel = "MEMBER",
                description = "Start this one first and alone until it leads (n1, n2 or w), then the other two.")
        String leader;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (leader != null) {
                try {
                    LabNode.host(leader);
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().println("hactl lab controllers start: --leader " + leader + ": "
                            + e.getMessage());
                    return Main.USAGE;
                }
            }
            Lab lab = new Lab();
            try {
                lab.preflight("controllers start");
                LabControllers c = lab.controllers();
                if (leader == null) {
                    c.startAll();
                } else {
                    c.startAll(leader);
                }
                LabControllers.View v = c.awaitLeader(Duration.ofMinutes(2), LabControllers.View::probingAsLeader);
                out.println("controllers: " + v.member() + " leads with epoch " + v.epoch());
                print(out, c);
                return 0;
            } catch (LabException e) {
                return LabCommand.fail(spec.commandLine(), "controllers start", e);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Kills the three (root; kill -9 by PID) and removes their directories: heal leaves them out."})
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Lab lab = new Lab();
            try {
                lab.preflight("controllers remove");
                spec.commandLine().getOut().println("controllers removed: killed " + lab.controllers().removeAll());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (LabException e) {
                return LabCommand.fail(spec.commandLine(), "controllers remove", e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Each controller's view from its API (root: it reads the lab operator's token): its cycle, "
                    + "the pair's state, its standing among the three. Exit 0 when one leads."})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LabControllers c = new Lab().controllers();
            print(spec.commandLine().getOut(), c);
            return c.leader().isPresent() ? 0 : 1;
        }
    }
}
