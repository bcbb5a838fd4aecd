package io.hactl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Bad usage a command finds itself (a value picocli cannot judge: a time, a duration, a name):
 * thrown from {@code call()}, it goes to the same handler as picocli's own parse errors, so
 * every command exits {@link Main#USAGE} for it, before anything is done. The message names
 * the command, the flag and what to write instead ("history: --last -1: give a number of
 * lines, 1 or more").
 */
final class BadUsage extends ParameterException {

    private static final long serialVersionUID = 1L;

    BadUsage(CommandSpec spec, String message) {
        super(spec.commandLine(), message);
    }
}
