package io.hactl.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code hactl lab ...} where the lab module is not on the classpath (an installed hactl): the lab
 * is a development tool that runs from hactl's repository, so the product's jar does not carry it
 * (its {@code hactl lab} is an {@link ExtraCommand} of lab/). Hidden; takes any arguments, does
 * nothing, says where the lab runs from and exits {@link Main#USAGE}.
 */
@Command(name = LabAbsentCommand.NAME, hidden = true,
        description = "The two-node lab: a development tool that runs from hactl's repository (docs/lab.md).")
final class LabAbsentCommand implements Callable<Integer> {

    static final String NAME = "lab";

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hactl lab: the lab is a development tool that runs from hactl's repository, not part of this"
                + " installation: in a checkout of hactl, run bin/hactl lab ... (it adds the lab module's jar,"
                + " lab/target/hactl-lab.jar; docs/lab.md)");
        err.flush();
        return Main.USAGE;
    }
}
