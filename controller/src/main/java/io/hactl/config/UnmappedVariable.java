package io.hactl.config;

/**
 * An env.conf line that {@code hactl conf import} did not turn into a hactl.yml key, and why.
 * The reason never contains the variable's value (it may be a password).
 */
public record UnmappedVariable(String name, int line, String reason) {

    public String format() {
        return "not mapped: " + name + " (line " + line + ") — " + reason;
    }
}
