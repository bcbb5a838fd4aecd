package io.hactl.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The line (1-based) of every key path read from the file, e.g. {@code nodes[1].address}, and
 * the key path as the file spells it. Paths are compared as Spring Boot's relaxed names
 * ({@code start_timeout}, {@code start-timeout} and {@code startTimeout} are one key), so a
 * check names the key in its documented form and still finds the line the user wrote.
 */
final class Locations {

    private final Map<ConfigurationPropertyName, Integer> lines = new HashMap<>();
    private final Map<ConfigurationPropertyName, String> written = new HashMap<>();

    void put(String keyPath, int line) {
        ConfigurationPropertyName name = name(keyPath);
        lines.putIfAbsent(name, line);
        written.putIfAbsent(name, keyPath);
    }

    boolean has(String keyPath) {
        return lines.containsKey(name(keyPath));
    }

    /**
     * The line of {@code keyPath}; when it is not in the file (a default was used), the line
     * of its nearest enclosing key; 0 when none is known.
     */
    int line(String keyPath) {
        return line(name(keyPath));
    }

    int line(ConfigurationPropertyName name) {
        for (ConfigurationPropertyName n = name; !n.isEmpty(); n = n.getParent()) {
            Integer line = lines.get(n);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** {@code name} as the file spells it ({@code nodes[1].adress}); its canonical form when it is not in the file. */
    String written(ConfigurationPropertyName name) {
        return written.getOrDefault(name, name.toString());
    }

    static ConfigurationPropertyName name(String keyPath) {
        return ConfigurationPropertyName.adapt(keyPath, '.');
    }
}
