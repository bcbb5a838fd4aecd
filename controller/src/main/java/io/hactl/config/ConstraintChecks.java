package io.hactl.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.hibernate.validator.HibernateValidator;
import org.springframework.core.ResolvableType;

/**
 * Checks each key's own value against {@link HactlYaml}'s Jakarta constraints (required keys,
 * names, ports, ranges, absolute paths, limits) with Hibernate Validator, and reports every
 * violation at its key and line. Spring Boot's ValidationBindHandler is not used: it keeps the
 * violations of the first object that has any and drops the rest, where hactl reports them all.
 */
final class ConstraintChecks {

    private ConstraintChecks() {
    }

    /** Reports each violation, skipping keys already reported as wrong (a value the Binder could not read is null). */
    static void check(HactlYaml yaml, Problems problems) {
        List<ConstraintViolation<HactlYaml>> violations = Holder.VALIDATOR.validate(yaml).stream()
                .sorted(Comparator.comparing((ConstraintViolation<HactlYaml> v) -> key(v.getPropertyPath())))
                .toList();
        for (ConstraintViolation<HactlYaml> v : violations) {
            String key = key(v.getPropertyPath());
            if (!problems.reportedWithin(key)) {
                problems.error(key, v.getMessage().replace("{value}", String.valueOf(v.getInvalidValue())));
            }
        }
    }

    /** The key path of a violation as hactl.yml writes it: {@code services[0].start_timeout}. */
    static String key(Path path) {
        StringBuilder key = new StringBuilder();
        ResolvableType at = ResolvableType.forClass(HactlYaml.class);
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                key.append('[').append(node.getIndex()).append(']');
                at = at.asCollection().getGeneric(0);
            }
            if (node.getKind() != jakarta.validation.ElementKind.PROPERTY) {
                continue;
            }
            Class<?> record = at.resolve(Object.class);
            RecordComponent component = YamlKeys.named(record, node.getName());
            key.append(key.isEmpty() ? "" : ".").append(YamlKeys.key(component));
            at = ResolvableType.forType(component.getGenericType());
        }
        return key.toString();
    }

    /** The validator, made once; messages are the constraints' own text ({@code {value}} is put in by {@link #check}). */
    private static final class Holder {
        static final Validator VALIDATOR = validator();

        private static Validator validator() {
            quietVersionBanner();
            ValidatorFactory factory = Validation.byProvider(HibernateValidator.class).configure()
                    .ignoreXmlConfiguration().messageInterpolator(new AsWritten()).buildValidatorFactory();
            return factory.getValidator();
        }

        /**
         * Hibernate Validator logs its version (INFO) when it starts; the CLI has no logging
         * configuration, so logback's default would print it amid a command's output.
         */
        private static void quietVersionBanner() {
            if (org.slf4j.LoggerFactory.getLogger("org.hibernate.validator")
                    instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    /** No expression language: a message is the constraint's text as written. */
    private static final class AsWritten implements MessageInterpolator {
        @Override
        public String interpolate(String template, Context context) {
            return template;
        }

        @Override
        public String interpolate(String template, Context context, Locale locale) {
            return template;
        }
    }
}
