package io.hactl.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The keys of hactl.yml as {@link HactlYaml}'s records declare them: a component's key is its
 * name in snake_case ({@code startTimeout}: {@code start_timeout}) or its {@link Name}.
 */
final class YamlKeys {

    private YamlKeys() {
    }

    /** The key of {@code component}, as docs/configuration.md writes it. */
    static String key(RecordComponent component) {
        try {
            Name name = component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(Name.class);
            if (name != null) {
                return name.value();
            }
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
        return component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Every key of {@code record}, sorted. */
    static Set<String> keys(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(YamlKeys::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The component of {@code record} that {@code key} names, compared as the Binder does (case, '_' and '-' aside). */
    static Optional<RecordComponent> component(Class<?> record, String key) {
        String wanted = relaxed(key);
        return Arrays.stream(record.getRecordComponents()).filter(c -> relaxed(key(c)).equals(wanted)).findFirst();
    }

    /** The component of {@code record} whose Java name is {@code name}. */
    static RecordComponent named(Class<?> record, String name) {
        return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(record.getSimpleName() + " has no " + name));
    }

    /** {@code record} with every component null: a list item the Binder found nothing to bind in. */
    static Object empty(Class<?> record) {
        try {
            Class<?>[] types = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> canonical = record.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(new Object[types.length]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make an empty " + record.getSimpleName(), e);
        }
    }


    private static String relaxed(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
