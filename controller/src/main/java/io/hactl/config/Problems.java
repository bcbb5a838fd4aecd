package io.hactl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Collects the problems of one config file as they are found, so all of them are reported at
 * once, each at the line of its key ({@link #locations()}, filled as the file is read). The
 * binders read values through it: a value reported as wrong is not used (it reads as null),
 * an absent one takes its default.
 */
final class Problems {

    private final String file;
    private final Locations locations = new Locations();
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    Locations locations() {
        return locations;
    }

    void error(int line, String key, String message) {
        add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, key, message));
    }

    void warning(int line, String key, String message) {
        add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, key, message));
    }

    /** An error at {@code key}'s line (its section's when the key is not in the file). */
    void error(String key, String message) {
        error(locations.line(key), key, message);
    }

    void warning(String key, String message) {
        warning(locations.line(key), key, message);
    }

    private void add(ConfigProblem problem) {
        if (!found.contains(problem)) {     // a list bound twice (YamlBinding) finds its items' problems twice
            found.add(problem);
        }
    }

    boolean hasErrors() {
        return found.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    /** True when an error was already reported for {@code key}. */
    boolean reported(String key) {
        return reported(Locations.name(key));
    }

    /** True when an error was already reported for {@code key} or a key that holds it. */
    boolean reportedWithin(String key) {
        for (ConfigurationPropertyName n = Locations.name(key); !n.isEmpty(); n = n.getParent()) {
            if (reported(n)) {
                return true;
            }
        }
        return false;
    }

    private boolean reported(ConfigurationPropertyName name) {
        return found.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR
                && !p.key().equals(YamlSource.FILE_KEY) && Locations.name(p.key()).equals(name));
    }

    /** {@code value}, or null when an error was reported for {@code key} (a wrong value is not used). */
    <T> T valid(String key, T value) {
        return value == null || reported(key) ? null : value;
    }

    /** {@code value}; {@code fallback} when absent; null when it was reported as wrong. */
    <T> T or(String key, T value, T fallback) {
        return reported(key) ? null : value != null ? value : fallback;
    }

    /** An absolute path (checked by its constraint) as a Path; {@code fallback} when absent, null when wrong. */
    Path path(String key, String value, Path fallback) {
        return reported(key) ? null : value != null ? Path.of(value) : fallback;
    }

    /** Whether {@code key} is written in the file (whatever its value). */
    boolean has(String key) {
        return locations.has(key);
    }

    int line(String key) {
        return locations.line(key);
    }

    /** Every problem, in file order (problems without a line first), then in the order found. */
    List<ConfigProblem> inFileOrder() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return List.copyOf(sorted);
    }
}
