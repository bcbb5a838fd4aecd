package io.hactl.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The constraints of hactl.yml's value kinds, composed from Jakarta's and Hibernate Validator's,
 * and {@link Wrong}, the message for a value the Binder cannot convert. In every message
 * {@code {value}} is the value as written (ConstraintChecks puts it in; a secret's message has none).
 */
final class YamlConstraints {

    private YamlConstraints() {
    }

    /** A TCP port, 1-65535. */
    @Min(value = 1, message = Port.RANGE)
    @Max(value = 65535, message = Port.RANGE)
    @Constraint(validatedBy = {})
    @Target({FIELD, PARAMETER})
    @Retention(RUNTIME)
    @interface Port {
        String RANGE = "{value} is not a port: it must be 1-65535";
        String NOT_A_NUMBER = "'{value}' is not a port: write a whole number 1-65535";

        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A duration that is a limit: longer than 0 ({@code block_period}, which may be 0, has none). */
    @DurationMin(nanos = 1, message = "must be longer than 0 (every wait in hactl has a limit), e.g. 1s")
    @Constraint(validatedBy = {})
    @Target({FIELD, PARAMETER})
    @Retention(RUNTIME)
    @interface NonZero {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** An absolute path, kept as text (it may hold {node}). */
    @Pattern(regexp = "/.*", message = "'{value}' is not an absolute path: write it from the root, e.g. /{value}")
    @Pattern(regexp = "[^\\x00]*", message = "contains a NUL character: remove it")
    @Constraint(validatedBy = {})
    @Target({FIELD, PARAMETER, TYPE_USE})
    @Retention(RUNTIME)
    @interface AbsolutePath {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** What to say when a key's value cannot be converted ({@link #value()}) or is empty ({@link #empty()}). */
    @Target({FIELD, PARAMETER})
    @Retention(RUNTIME)
    @interface Wrong {
        String value() default "";

        String empty() default "";
    }
}
