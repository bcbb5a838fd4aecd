package io.hactl.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hactl.cli.ExtraCommand;
import io.hactl.cli.Main;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl lab up|down|status|heal}: the two-node test lab on this machine (network namespaces; root).
 * Not in the product's jar: it joins {@code hactl} as an {@link ExtraCommand} (META-INF/services) when
 * bin/hactl puts the lab module's jar on the classpath.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"The two-node lab on this machine: network namespaces hactl-n1 and hactl-n2 on the bridge "
                + "hactl-br (198.51.100.0/24), each with MariaDB and sshd; n1 is the master and runs the services. "
                + "A third namespace, the witness hactl-w, and both nodes each run a member of a ZooKeeper ensemble. "
                + "The lab's hactl config is /var/lib/hactl-lab/hactl.yml. See docs/lab.md."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Heal.class,
                LabControllersCommand.class})
public final class LabCommand implements Runnable, ExtraCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The lab's progress lines to {@code out}, each as it comes. */
    static java.util.function.Consumer<String> printing(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }

    static int fail(CommandLine cl, String what, LabException e) {
        cl.getErr().println("hactl lab " + what + ": " + e.getMessage());
        return e.exitCode();
    }

    @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Builds the lab from nothing (root). Whatever exists of a lab, running or left over by a "
                    + "killed run, is torn down first. Prints each step with its duration, then a summary."})
    static final class Up implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Lab lab = new Lab(printing(out));
            try {
                Lab.UpReport r = lab.up();
                LabStatus s = lab.status();
                out.println();
                out.printf(Locale.ROOT, "lab up in %.2f s%n", r.total().toNanos() / 1e9);
                for (LabNode n : LabNode.HOSTS) {
                    out.printf("  %-3s %-8s %s/24 on %s (host end %s)%s%n", n.name(), n.namespace(), n.address(),
                            LabNetwork.IFACE, n.hostVeth(), n.witness() ? ", the witness: ZooKeeper only" : "");
                }
                out.printf("  VIPs    db %s/24, app %s/24 on n1%n", LabNetwork.DB_VIP, LabNetwork.APP_VIP);
                out.printf("  zookeeper %s, leader %s%n", LabZookeeper.CONNECT_STRING, s.zookeeper().leader());
                out.printf("  config  %s  (hactl --config %s ...)%n", lab.config(), lab.config());
                out.printf(Locale.ROOT, "  RSS     %.0f MB%n", s.totalRssKb() / 1024.0);
                out.flush();
                return s.allUp() ? 0 : 1;
            } catch (LabException e) {
                return fail(spec.commandLine(), "up", e);
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Takes the lab down (root): kills its processes by PID (TERM, bounded wait, KILL), deletes "
                    + "the namespaces, veths, bridge and /var/lib/hactl-lab. Succeeds when there is no lab."})
    static final class Down implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                new Lab(printing(out)).down();
                out.flush();
                return 0;
            } catch (LabException e) {
                return fail(spec.commandLine(), "down", e);
            }
        }
    }

    @Command(name = "heal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Brings the lab back to its baseline (root), in place when it can: links up, MariaDB on "
                    + "both nodes, n1 master, n2 replicating from n1 and caught up, VIPs on n1 only, services on n1 "
                    + "only, the three ZooKeeper members running and serving; ends comparing CHECKSUM TABLE of "
                    + "every table of hactl_demo on both nodes and copies n1's to n2 when they differ. Falls back to a full 'lab up'. For trying faults by hand; tests "
                    + "call Lab.heal()."})
    static final class Heal implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Lab lab = new Lab(printing(out));
                lab.heal();
                LabStatus s = lab.status();
                out.flush();
                return s.allUp() ? 0 : 1;
            } catch (LabException e) {
                return fail(spec.commandLine(), "heal", e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Shows the lab dir, config, namespaces and per node each component (mariadb, sshd, tomcat, "
                    + "backend) with its PID and whether it is alive; the witness; each ZooKeeper member's mode "
                    + "(leader, follower, not serving, down) and whether the ensemble has a quorum, with its connect "
                    + "string. Exit 0 when all is up, 1 otherwise."})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            LabStatus s = new Lab().status();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
            } else {
                out.print(s.render());
            }
            out.flush();
            return s.allUp() ? 0 : 1;
        }
    }
}
