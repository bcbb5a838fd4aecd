package io.hactl.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The line (1-based) of every key path read from the file, e.g. {@code nodes[1].address}.
 * Checks made after binding use it to point at the right line.
 */
final class Locations {

    private final Map<String, Integer> lines = new HashMap<>();

    void put(String keyPath, int line) {
        lines.putIfAbsent(keyPath, line);
    }

    boolean has(String keyPath) {
        return lines.containsKey(keyPath);
    }

    /**
     * The line of {@code keyPath}; when it is not in the file (a default was used), the line
     * of its nearest enclosing key; 0 when none is known.
     */
    int line(String keyPath) {
        String path = keyPath;
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            path = parent(path);
        }
        return 0;
    }

    static String parent(String keyPath) {
        int dot = keyPath.lastIndexOf('.');
        int bracket = keyPath.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : keyPath.substring(0, cut);
    }
}
