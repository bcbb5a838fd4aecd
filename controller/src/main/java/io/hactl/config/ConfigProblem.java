package io.hactl.config;

/**
 * One problem in a config file: where (file, line, key path such as {@code nodes[1].address}),
 * what is wrong, and how to fix it. {@code line} is 0 when unknown.
 */
public record ConfigProblem(Severity severity, String file, int line, String key, String message) {

    public enum Severity { ERROR, WARNING }

    public String format() {
        return (severity == Severity.ERROR ? "error" : "warning") + ": " + file + (line > 0 ? ":" + line : "")
                + ": " + key + ": " + message;
    }
}
