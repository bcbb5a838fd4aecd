package io.hactl.cli;

import io.hactl.config.EnvConfImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hactl conf import ENV_CONF}: hactl.yml on stdout, what could not be mapped and what to do on stderr. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Write a hactl.yml from the old scripts' env.conf, to stdout:",
                "  hactl conf import /polopoly/wizard/env.conf > /etc/hactl/hactl.yml",
                "Passwords are never copied: the YAML names password files to fill in. Variables that found no"
                        + " place, and what to do next, go to stderr."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written (see stderr for what was not mapped)", "2:ENV_CONF cannot be read"})
public final class ConfImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ENV_CONF", description = "The old scripts' env.conf (e.g. /polopoly/wizard/env.conf).")
    Path envConf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnvConfImporter.Result result;
        try {
            if (Files.isDirectory(envConf)) {
                err.println("hactl conf import: " + envConf + " is a directory: give the env.conf file in it");
                err.flush();
                return 2;
            }
            result = EnvConfImporter.importFile(envConf);
        } catch (NoSuchFileException e) {
            err.println("hactl conf import: " + envConf + ": no such file (the old scripts kept it in"
                    + " /polopoly/wizard/env.conf)");
            err.flush();
            return 2;
        } catch (AccessDeniedException e) {
            err.println("hactl conf import: " + envConf + ": permission denied: run as a user that can read it");
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("hactl conf import: cannot read " + envConf + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        out.print(result.yaml());
        out.flush();
        result.unmapped().forEach(u -> err.println(u.format()));
        result.todo().forEach(t -> err.println("todo: " + t));
        err.flush();
        return 0;
    }
}
