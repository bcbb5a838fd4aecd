package io.hactl.config;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The constraints of one key's value in hactl.yml, declared on {@link HactlYaml} and checked by
 * {@link ConstraintChecks}, and {@link Wrong}, the message for a value the Binder cannot convert.
 * In every message {@code {value}} is the value as written (a secret's message has none).
 * Jakarta Bean Validation's names and meaning without a validator to start: Hibernate
 * Validator's start cost every command ~0.3 s for these six checks (docs/decisions.md).
 */
final class YamlConstraints {

    private YamlConstraints() {
    }

    /** The key must be given; {@link #value()} says what to write. */
    @Target({RECORD_COMPONENT, PARAMETER}) @Retention(RUNTIME)
    @interface NotNull {
        String value();
    }

    /** The whole value matches {@link #regexp()}. */
    @Target(RECORD_COMPONENT) @Retention(RUNTIME)
    @interface Pattern {
        String regexp();

        String message();
    }

    /** A whole number {@link #min()}-{@link #max()}. */
    @Target(RECORD_COMPONENT) @Retention(RUNTIME)
    @interface Range {
        int min();

        int max();

        String message();
    }

    /** A TCP port, 1-65535. */
    @Target(RECORD_COMPONENT) @Retention(RUNTIME)
    @interface Port {
        String RANGE = "{value} is not a port: it must be 1-65535";
        String NOT_A_NUMBER = "'{value}' is not a port: write a whole number 1-65535";
    }

    /** A duration that is a limit: longer than 0 ({@code block_period}, which may be 0, has none). */
    @Target(RECORD_COMPONENT) @Retention(RUNTIME)
    @interface NonZero {
        String MESSAGE = "must be longer than 0 (every wait in hactl has a limit), e.g. 1s";
    }

    /** An absolute path, kept as text (it may hold {node}). */
    @Target(RECORD_COMPONENT) @Retention(RUNTIME)
    @interface AbsolutePath {
        String RELATIVE = "'{value}' is not an absolute path: write it from the root, e.g. /{value}";
        String NUL = "contains a NUL character: remove it";
    }

    /** What to say when a key's value cannot be converted ({@link #value()}) or is empty ({@link #empty()}). */
    @Target({RECORD_COMPONENT, PARAMETER}) @Retention(RUNTIME)
    @interface Wrong {
        String value() default "";

        String empty() default "";
    }
}
