package io.hactl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hactl conf}: check a config file, or write one from the old scripts' env.conf. */
@Command(name = "conf", mixinStandardHelpOptions = true,
        description = "Check hactl.yml, or import the old scripts' env.conf.",
        subcommands = {ConfCheckCommand.class, ConfImportCommand.class})
public final class ConfCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
