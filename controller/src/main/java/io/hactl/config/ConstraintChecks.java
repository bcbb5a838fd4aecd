package io.hactl.config;

import io.hactl.config.YamlConstraints.AbsolutePath;
import io.hactl.config.YamlConstraints.NonZero;
import io.hactl.config.YamlConstraints.NotNull;
import io.hactl.config.YamlConstraints.Pattern;
import io.hactl.config.YamlConstraints.Port;
import io.hactl.config.YamlConstraints.Range;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks each key's own value against {@link HactlYaml}'s constraints ({@link YamlConstraints}:
 * required keys, names, ports, ranges, absolute paths, limits), in every record and list item,
 * and reports every violation at its key and line. Constraints on a null value (absent, or
 * wrong and reported) pass, but {@link NotNull}.
 */
final class ConstraintChecks {

    private ConstraintChecks() {
    }

    /** Reports each violation in key order, skipping keys already reported as wrong. */
    static void check(HactlYaml yaml, Problems problems) {
        List<Map.Entry<String, String>> violations = new ArrayList<>();
        walk(yaml, "", violations);
        violations.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        for (Map.Entry<String, String> v : violations) {
            if (!problems.reportedWithin(v.getKey())) {
                problems.error(v.getKey(), v.getValue());
            }
        }
    }

    private static void walk(Object record, String at, List<Map.Entry<String, String>> violations) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = value(c, record);
            String key = (at.isEmpty() ? "" : at + ".") + YamlKeys.key(c);
            String message = violation(c, value);
            if (message != null) {
                violations.add(Map.entry(key, message.replace("{value}", String.valueOf(value))));
            } else if (value instanceof Record r) {
                walk(r, key, violations);
            } else if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Record r) {
                        walk(r, key + "[" + i + "]", violations);
                    }
                }
            }
        }
    }

    /** The message of the first constraint {@code value} breaks; null when it keeps them all. */
    private static String violation(RecordComponent c, Object value) {
        if (value == null) {
            NotNull required = c.getAnnotation(NotNull.class);
            return required == null ? null : required.value();
        }
        Pattern pattern = c.getAnnotation(Pattern.class);
        if (pattern != null && !value.toString().matches(pattern.regexp())) {
            return pattern.message();
        }
        Range range = c.getAnnotation(Range.class);
        if (range != null && ((Integer) value < range.min() || (Integer) value > range.max())) {
            return range.message();
        }
        if (c.isAnnotationPresent(Port.class) && ((Integer) value < 1 || (Integer) value > 65535)) {
            return Port.RANGE;
        }
        if (c.isAnnotationPresent(NonZero.class) && (((Duration) value).isNegative() || ((Duration) value).isZero())) {
            return NonZero.MESSAGE;
        }
        if (c.isAnnotationPresent(AbsolutePath.class)) {
            return !value.toString().startsWith("/") ? AbsolutePath.RELATIVE
                    : value.toString().indexOf('\0') >= 0 ? AbsolutePath.NUL : null;
        }
        return null;
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
        }
    }
}
