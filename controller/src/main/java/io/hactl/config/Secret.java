package io.hactl.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a password comes from: a file (preferred, mode 0600), an environment variable,
 * or the config file itself. {@link #toString()} never shows the value.
 */
public record Secret(Kind kind, String reference, String inlineValue) {

    public enum Kind { FILE, ENV, INLINE, NONE }

    public static final Secret NONE = new Secret(Kind.NONE, null, null);

    /** A variable that holds a secret is withheld from every child process from now on ({@link SecretVariables}). */
    public Secret {
        if (kind == Kind.ENV) {
            SecretVariables.add(reference);
        }
    }

    public static Secret file(Path path) {
        return new Secret(Kind.FILE, path.toString(), null);
    }

    public static Secret env(String variable) {
        return new Secret(Kind.ENV, variable, null);
    }

    public static Secret inline(String value) {
        return new Secret(Kind.INLINE, "config file", value);
    }

    /** Reads the value now; first line of a file, without its line ending. */
    public String reveal() {
        return switch (kind) {
            case NONE -> null;
            case INLINE -> inlineValue;
            case ENV -> {
                String v = System.getenv(reference);
                if (v == null) {
                    throw new IllegalStateException("environment variable " + reference
                            + " is not set (it should hold a password)");
                }
                yield v;
            }
            case FILE -> {
                try {
                    String content = Files.readString(Path.of(reference), StandardCharsets.UTF_8);
                    int nl = content.indexOf('\n');
                    yield (nl >= 0 ? content.substring(0, nl) : content).stripTrailing();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read password file " + reference + ": " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case INLINE -> "inline (hidden)";
            case ENV -> "env " + reference;
            case FILE -> "file " + reference;
        };
    }
}
