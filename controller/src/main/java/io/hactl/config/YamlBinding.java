package io.hactl.config;

import io.hactl.config.YamlConstraints.NotNull;
import io.hactl.config.YamlConstraints.Wrong;
import io.hactl.config.YamlSource.Shape;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds hactl.yml's properties to {@link HactlYaml} with Spring Boot's {@link Binder}, without
 * an application context: relaxed names take the snake_case keys, the conversion service reads
 * durations ({@link Durations}), numbers, true/false and enum words. The Binder stops at the
 * first failure; this handler reports each one (at its key and line, with what to write) and
 * lets binding go on, so every problem of the file is found in one pass. At the end it reports
 * the properties nothing bound, as NoUnboundElementsBindHandler does, but without its exception
 * for list items: that handler takes a key it does not know under a known key of a list item
 * ({@code nodes[1].ssh.strict_host_key_checking}) for a list another source overrides, and says
 * nothing.
 */
final class YamlBinding {

    /** A list key that may also be one word: {@code open_reads: true|false}, its old form. */
    private static final Set<ConfigurationPropertyName> SINGLE_VALUE_TOO = Set.of(Locations.name("controller.open_reads"));
    private static final Pattern SEGMENT = Pattern.compile("\\[(\\d+)]|([^.\\[\\]]+)");

    private YamlBinding() {
    }

    /** The file as written; every component null where absent or wrong (reported). */
    static HactlYaml bind(YamlSource source, Problems problems) {
        Binder binder = new Binder(List.of(source), null, conversions());
        Set<ConfigurationPropertyName> bound = new HashSet<>();
        HactlYaml yaml = binder.bind(ConfigurationPropertyName.EMPTY, Bindable.of(HactlYaml.class),
                new Reporter(source, problems, bound)).orElseGet(() -> (HactlYaml) YamlKeys.empty(HactlYaml.class));
        Reporter unknown = new Reporter(source, problems, bound);
        for (ConfigurationPropertyName name : source) {
            if (!bound.contains(name)) {
                unknown.unknown(name);
            }
        }
        return yaml;
    }

    /**
     * Boot's conversions, with hactl's duration form ({@code 500ms}, {@code 30s}: a unit always,
     * but for 0; Boot's own would read {@code 30} as 30 milliseconds), whole numbers in decimal
     * (Boot's would read 0x1F and #1F as hex) and only {@code true}/{@code false} (Boot's would
     * also take yes, on and 1).
     */
    private static ApplicationConversionService conversions() {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(String.class, Duration.class, (Converter<String, Duration>) text ->
                text.equals("0") ? Duration.ZERO : Durations.parse(text));     // 0 alone: "off" (block_period)
        conversions.addConverter(String.class, Integer.class, (Converter<String, Integer>) text -> {
            if (text.matches("-?\\d{1,9}")) {
                return Integer.valueOf(text);
            }
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        });
        conversions.addConverter(String.class, Boolean.class, (Converter<String, Boolean>) text -> {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        });
        return conversions;
    }

    /** Turns each failure of the Binder into a problem and returns null (the key is left unset) so binding goes on. */
    private static final class Reporter extends AbstractBindHandler {

        private final YamlSource source;
        private final Problems problems;
        private final Set<ConfigurationPropertyName> bound;

        Reporter(YamlSource source, Problems problems, Set<ConfigurationPropertyName> bound) {
            this.source = source;
            this.problems = problems;
            this.bound = bound;
        }

        /** Refuses a value of the wrong shape before the Binder sees it (it would split "a, b" into a list). */
        @Override
        public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            Shape shape = name.isEmpty() ? null : source.shape(name);
            Class<?> type = target.getType().resolve(Object.class);
            String key = problems.locations().written(name);
            if (shape == null || shape == Shape.MAPPING && !isValue(type)) {
                return super.onStart(name, target, context);
            }
            if (Collection.class.isAssignableFrom(type)) {
                if (shape == Shape.LIST || shape == Shape.NONE || SINGLE_VALUE_TOO.contains(name)) {
                    return super.onStart(name, target, context);
                }
                problems.error(key, "must be a list ('- ' items, or [a, b]), not " + describe(shape));
            } else if (type.isRecord()) {
                if (shape == Shape.NONE) {
                    return null;    // "ssh:" with nothing under it: as if absent
                }
                problems.error(key, "must be a mapping (indented 'key: value' lines), not " + describe(shape)
                        + "; see conf/hactl.yml");
            } else if (shape == Shape.NONE) {
                Wrong wrong = target.getAnnotation(Wrong.class);
                problems.error(key, wrong != null && !wrong.empty().isEmpty() ? wrong.empty()
                        : target.getAnnotation(NotNull.class) != null ? "is empty: give a value"
                        : "is empty: give a value, or remove the key to use the default");
            } else if (shape != Shape.VALUE) {
                problems.error(key, "must be a single value, not " + describe(shape));
            } else {
                return super.onStart(name, target, context);
            }
            return null;
        }

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
            bound.add(name);
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            if (error instanceof UnboundConfigurationPropertiesException) {
                return itemByItem(name, target, context.getBinder());
            }
            ConfigurationProperty property = context.getConfigurationProperty();
            String text = property == null ? "" : String.valueOf(property.getValue());
            Wrong wrong = target.getAnnotation(Wrong.class);
            String message = wrong != null && !wrong.value().isEmpty() ? wrong.value().replace("{value}", text)
                    : rootCause(error).getMessage() != null && rootCause(error) instanceof IllegalArgumentException
                    ? rootCause(error).getMessage()
                    : "'" + text + "' cannot be read here: see docs/configuration.md for what this key takes";
            problems.error(problems.locations().written(name), message);
            return null;
        }

        /**
         * A list whose item has nothing the Binder could bind (only unknown or wrong keys, or a
         * lone '-') loses every item after it; bind the items one by one, an empty one for such an item.
         */
        private Object itemByItem(ConfigurationPropertyName name, Bindable<?> target, Binder binder) {
            ResolvableType element = target.getType().asCollection().getGeneric(0);
            Class<?> type = element.resolve(Object.class);
            if (!type.isRecord()) {
                return null;
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < source.size(name); i++) {
                items.add(binder.bind(name.append("[" + i + "]"), Bindable.of(element), this)
                        .orElseGet(() -> YamlKeys.empty(type)));
            }
            return items;
        }

        /** A property nothing bound: an unknown key, or a list or mapping where the key takes something else. */
        void unknown(ConfigurationPropertyName name) {
            String written = problems.locations().written(name);
            Class<?> type = HactlYaml.class;
            ResolvableType at = ResolvableType.forClass(HactlYaml.class);
            StringBuilder path = new StringBuilder();
            Matcher m = SEGMENT.matcher(written);
            while (m.find()) {
                type = at.resolve(Object.class);
                boolean list = Collection.class.isAssignableFrom(type);
                if (m.group(1) != null) {
                    if (!list) {
                        report(path.toString(), type.isRecord() ? "must be a mapping (indented 'key: value' lines),"
                                + " not a list; see conf/hactl.yml" : "must be a single value, not a list");
                        return;
                    }
                    at = at.asCollection().getGeneric(0);
                    path.append(m.group());
                    continue;
                }
                String key = m.group(2);
                if (list || !type.isRecord()) {
                    report(path.toString(), list ? "must be a list ('- ' items, or [a, b]), not a mapping"
                            : "must be a single value, not a mapping");
                    return;
                }
                path.append(path.isEmpty() ? "" : ".").append(key);
                Optional<RecordComponent> component = YamlKeys.component(type, key);
                if (component.isEmpty()) {
                    report(path.toString(), unknownKey(type, key, path.toString()));
                    return;
                }
                at = ResolvableType.forType(component.get().getGenericType());
            }
        }

        private void report(String key, String message) {
            if (!problems.reportedWithin(key)) {
                problems.error(key, message);
            }
        }

        private static String unknownKey(Class<?> record, String key, String keyPath) {
            String hint = KeyHints.of(record, key);
            if (hint != null) {
                return "unknown key '" + key + "': " + hint;
            }
            int dot = Math.max(keyPath.lastIndexOf('.'), -1);
            String where = dot < 0 ? "at the top level" : "in " + keyPath.substring(0, dot);
            Set<String> allowed = YamlKeys.keys(record);
            return "unknown key '" + key + "'"
                    + Suggestions.closest(key, allowed).map(s -> " — did you mean '" + s + "'?").orElse("")
                    + " (keys allowed " + where + ": " + String.join(", ", allowed) + ")";
        }

        private static boolean isValue(Class<?> type) {
            return !type.isRecord() && !Collection.class.isAssignableFrom(type);
        }

        private static String describe(Shape shape) {
            return switch (shape) {
                case LIST -> "a list";
                case MAPPING -> "a mapping";
                case NONE -> "nothing";
                case VALUE -> "a single value";
            };
        }

        private static Throwable rootCause(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t;
        }
    }
}
