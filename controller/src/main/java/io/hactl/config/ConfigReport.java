package io.hactl.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ConfigLoader#report} found in a config file: every problem (errors and warnings,
 * in file order) and, when there is no error, the config.
 *
 * @param config the config, or null when there are errors
 */
public record ConfigReport(Path file, HactlConfig config, List<ConfigProblem> problems) {

    public ConfigReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return errors().isEmpty();
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> p.severity() == ConfigProblem.Severity.WARNING).toList();
    }
}
