package io.hactl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Users of the web console. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Users of the controller's web console (viewer, operator).",
                "The controller keeps only each password's bcrypt hash (controller.users in hactl.yml)."},
        subcommands = {UserNewCommand.class})
public final class UserCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
