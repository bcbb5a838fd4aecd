package io.hactl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Operator tokens for the controller's API. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Operator tokens for the controller's API (ack, reject, switchover, unblock).",
                "The controller keeps only each token's SHA-256 (controller.operators in hactl.yml)."},
        subcommands = {TokenNewCommand.class})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
