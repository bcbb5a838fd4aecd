package io.hactl.config;

import java.nio.file.Path;

/**
 * The binders' view of the problems found so far: a value reported as wrong is not used (it
 * reads as null), an absent one takes its default, and what a binder finds is reported at the
 * key's line.
 */
final class Checked {

    private final Problems problems;

    Checked(Problems problems) {
        this.problems = problems;
    }

    /** {@code value}, or null when it was reported as wrong. */
    <T> T valid(String key, T value) {
        return problems.valid(key, value);
    }

    /** {@code value}; {@code fallback} when absent; null when it was reported as wrong. */
    <T> T or(String key, T value, T fallback) {
        return problems.reported(key) ? null : value != null ? value : fallback;
    }

    /** An absolute path (checked by its constraint) as a Path; {@code fallback} when absent, null when wrong. */
    Path path(String key, String value, Path fallback) {
        String text = or(key, value, null);
        return text != null ? Path.of(text) : problems.reported(key) ? null : fallback;
    }

    /** Whether {@code key} is written in the file (whatever its value). */
    boolean has(String key) {
        return problems.locations().has(key);
    }

    int line(String key) {
        return problems.locations().line(key);
    }

    void error(String key, String message) {
        problems.error(key, message);
    }

    /** An error named after {@code key} at another line, e.g. one item of start_order. */
    void error(int line, String key, String message) {
        problems.error(line, key, message);
    }

    void warning(String key, String message) {
        problems.warning(key, message);
    }
}
