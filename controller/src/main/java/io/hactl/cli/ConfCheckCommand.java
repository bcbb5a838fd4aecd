package io.hactl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigProblem;
import io.hactl.config.ConfigReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hactl conf check}: every problem of the config file, one per line; exit 1 when there is an error. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the config file: syntax, keys, values, the checks across keys, and the files it"
                + " points at (password files, ssh key, known_hosts).",
                "Prints every problem as 'error|warning: FILE:LINE: KEY: MESSAGE', then a summary."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:valid (warnings allowed)", "1:at least one error",
                "3:no config: none given, $HACTL_CONFIG not set, no /etc/hactl/hactl.yml"})
public final class ConfCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Option(names = "--json", description = "Print {file, valid, problems: [{severity, line, key, message}]} as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        Path file = configOption.resolve();
        PrintWriter out = spec.commandLine().getOut();
        if (file == null) {
            spec.commandLine().getErr().println(configOption.locator.noConfig("conf check"));
            spec.commandLine().getErr().flush();
            return 3;
        }
        ConfigReport report = ConfigLoader.report(file);
        if (json) {
            out.println(toJson(report));
        } else {
            out.println(configOption.line());
            report.problems().forEach(p -> out.println(p.format()));
            out.println(summary(report));
        }
        out.flush();
        return report.valid() ? 0 : 1;
    }

    static String summary(ConfigReport report) {
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        if (errors > 0) {
            return "conf check: " + count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : "")
                    + " in " + report.file();
        }
        return "conf check: " + report.file() + " is valid (" + count(report.config().nodes().size(), "node") + ", "
                + count(report.config().services().size(), "service") + ")"
                + (warnings > 0 ? ", " + count(warnings, "warning") : "");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String toJson(ConfigReport report) throws JsonProcessingException {
        List<JsonProblem> problems = report.problems().stream()
                .map(p -> new JsonProblem(severity(p), p.line(), p.key(), p.message()))
                .toList();
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(new JsonReport(report.file().toString(), report.file().toString(), report.valid(),
                        problems));
    }

    /** @param config the config read, as every command's --json names it; {@code file} is the same, kept for scripts */
    record JsonReport(String config, String file, boolean valid, List<JsonProblem> problems) {
    }

    record JsonProblem(String severity, int line, String key, String message) {
    }

    private static String severity(ConfigProblem p) {
        return p.severity().name().toLowerCase(Locale.ROOT);
    }
}
