package io.hactl.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one config file as they are found, so all of them are reported at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void error(int line, String key, String message) {
        found.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, key, message));
    }

    void warning(int line, String key, String message) {
        found.add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, key, message));
    }

    boolean hasErrors() {
        return found.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    /** True when an error was already reported for {@code key}. */
    boolean reported(String key) {
        return found.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR && p.key().equals(key));
    }

    /** Every problem, in file order (problems without a line first), then in the order found. */
    List<ConfigProblem> inFileOrder() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return List.copyOf(sorted);
    }
}
