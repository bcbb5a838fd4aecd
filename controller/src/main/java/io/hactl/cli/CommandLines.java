package io.hactl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The command line as the operator typed it (for the transition log's "why"). */
final class CommandLines {

    private CommandLines() {
    }

    static String original(CommandSpec spec) {
        return String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
