package io.hactl.model;

/** How bad a diagnosis is; the check's exit code is the worst severity's code. */
public enum Severity {
    OK(0), WARNING(1), CRITICAL(2);

    private final int exitCode;

    Severity(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static Severity worst(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
