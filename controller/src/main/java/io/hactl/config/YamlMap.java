package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the config, read with types checked. Unknown and repeated keys are
 * reported when it is made; every getter reports a wrong value (with its key path and line)
 * and returns null (or the default) instead of throwing, so that all problems are found.
 */
final class YamlMap {

    private final String path;
    private final int line;
    private final Problems problems;
    private final Locations locations;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(String path, int line, Problems problems, Locations locations) {
        this.path = path;
        this.line = line;
        this.problems = problems;
        this.locations = locations;
    }

    /** The file's top-level mapping. */
    static YamlMap root(MappingNode node, Problems problems, Locations locations, Set<String> allowed) {
        YamlMap map = new YamlMap("", 0, problems, locations);
        map.load(node, allowed, Map.of());
        return map;
    }

    /**
     * A mapping held by {@code node} (absent or empty when node is null or has no value).
     * {@code hints} gives a specific message for known wrong keys.
     */
    private static YamlMap of(Node node, String path, int line, Problems problems, Locations locations,
                              Set<String> allowed, Map<String, String> hints) {
        YamlMap map = new YamlMap(path, line, problems, locations);
        if (node == null || isNull(node)) {
            return map;
        }
        if (node instanceof MappingNode mapping) {
            map.load(mapping, allowed, hints);
        } else {
            problems.error(line, path, "must be a mapping (indented 'key: value' lines), not "
                    + describe(node) + "; see conf/hactl.yml");
        }
        return map;
    }

    private void load(MappingNode node, Set<String> allowed, Map<String, String> hints) {
        for (NodeTuple tuple : node.getValue()) {
            int keyLine = YamlDocument.line(tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.error(keyLine, path.isEmpty() ? YamlDocument.FILE_KEY : path,
                        "a key must be a plain word, not " + describe(tuple.getKeyNode()));
                continue;
            }
            String key = keyNode.getValue();
            String keyPath = keyPath(key);
            if (!allowed.contains(key)) {
                problems.error(keyLine, keyPath, unknownKey(key, allowed, hints));
            } else if (entries.containsKey(key)) {
                problems.error(keyLine, keyPath, "given twice (first at line " + lineOf(key)
                        + "): keep one of them");
            } else {
                entries.put(key, tuple);
                locations.put(keyPath, keyLine);
            }
        }
    }

    private String unknownKey(String key, Set<String> allowed, Map<String, String> hints) {
        String hint = hints.get(key);
        if (hint != null) {
            return "unknown key '" + key + "': " + hint;
        }
        String where = path.isEmpty() ? "at the top level" : "in " + path;
        return "unknown key '" + key + "'"
                + Suggestions.closest(key, allowed).map(s -> " — did you mean '" + s + "'?").orElse("")
                + " (keys allowed " + where + ": " + String.join(", ", new TreeSet<>(allowed)) + ")";
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The line of {@code key}, or of this mapping when the key is absent. */
    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : YamlDocument.line(t.getKeyNode());
    }

    void error(String key, String message) {
        problems.error(lineOf(key), keyPath(key), message);
    }

    /** Reports a problem at a given line, e.g. at one item of a list. */
    void errorAt(int atLine, String keyPath, String message) {
        problems.error(atLine, keyPath, message);
    }

    void warning(String key, String message) {
        problems.warning(lineOf(key), keyPath(key), message);
    }

    /** Reports a required key that is absent, at the line of this mapping. */
    void missing(String key, String what) {
        problems.error(line, keyPath(key), "missing: " + what);
    }

    // ---- nested structures

    YamlMap map(String key, Set<String> allowed) {
        return map(key, allowed, Map.of());
    }

    YamlMap map(String key, Set<String> allowed, Map<String, String> hints) {
        NodeTuple t = entries.get(key);
        int at = t == null ? line : YamlDocument.line(t.getKeyNode());
        return of(t == null ? null : t.getValueNode(), keyPath(key), at, problems, locations, allowed, hints);
    }

    /** The items of a list of mappings ({@code nodes[0]}, {@code nodes[1]}...); empty when absent or wrong. */
    List<YamlMap> listOfMaps(String key, Set<String> allowed) {
        return listOfMaps(key, allowed, Map.of());
    }

    /** As {@link #listOfMaps(String, Set)}, with a specific message for known wrong keys of the items. */
    List<YamlMap> listOfMaps(String key, Set<String> allowed, Map<String, String> hints) {
        List<YamlMap> items = new ArrayList<>();
        List<Node> nodes = sequence(key);
        for (int i = 0; i < nodes.size(); i++) {
            Node item = nodes.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            int itemLine = YamlDocument.line(item);
            locations.put(itemPath, itemLine);
            if (isNull(item)) {
                problems.error(itemLine, itemPath, "empty list item: remove the lone '-' or fill it in");
                items.add(of(null, itemPath, itemLine, problems, locations, allowed, Map.of()));
            } else {
                items.add(of(item, itemPath, itemLine, problems, locations, allowed, hints));
            }
        }
        return items;
    }

    /** A list of words, e.g. {@code start_order: [backend, tomcat]}; null when absent. */
    List<Located> listOfStrings(String key) {
        return listOfStrings(key, "a name");
    }

    /** A list of single values; {@code what} names one in messages ("an absolute path"); null when absent. */
    List<Located> listOfStrings(String key, String what) {
        if (!has(key)) {
            return null;
        }
        List<Located> values = new ArrayList<>();
        List<Node> nodes = sequence(key);
        for (int i = 0; i < nodes.size(); i++) {
            Node item = nodes.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            locations.put(itemPath, YamlDocument.line(item));
            if (item instanceof ScalarNode s && !isNull(s) && !s.getValue().isBlank()) {
                values.add(new Located(s.getValue().strip(), YamlDocument.line(item), itemPath));
            } else {
                problems.error(YamlDocument.line(item), itemPath, "must be " + what + ", not " + describe(item));
            }
        }
        return values;
    }

    private List<Node> sequence(String key) {
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return List.of();
        }
        if (t.getValueNode() instanceof SequenceNode seq) {
            return seq.getValue();
        }
        error(key, "must be a list ('- ' items, or [a, b]), not " + describe(t.getValueNode()));
        return List.of();
    }

    // ---- scalars

    /** The text of an optional single value; null when absent or wrong. */
    String string(String key) {
        return string(key, false);
    }

    private String string(String key, boolean required) {
        String orDefault = required ? "" : ", or remove the key to use the default";
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        if (isNull(v)) {
            error(key, "has no value: give one" + orDefault);
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            error(key, "must be a single value, not " + describe(v));
            return null;
        }
        if (s.getValue().isBlank()) {
            error(key, "is empty: give a value" + orDefault);
            return null;
        }
        return s.getValue().strip();
    }

    /** True when {@code key} holds a list ({@code [a, b]} or {@code - } items). */
    boolean holdsList(String key) {
        NodeTuple t = entries.get(key);
        return t != null && t.getValueNode() instanceof SequenceNode;
    }

    /** True when {@code key} is written but holds no value ({@code key:}, {@code key: ""}). */
    boolean hasNoValue(String key) {
        NodeTuple t = entries.get(key);
        return t != null && (isNull(t.getValueNode())
                || t.getValueNode() instanceof ScalarNode s && s.getValue().isBlank());
    }

    /**
     * A secret single value, exactly as written (not stripped); null when absent or wrong.
     * Messages never show it.
     */
    String secret(String key) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s) || isNull(v)) {
            error(key, "must be the password as one value; better, put it in a file and use password_file");
            return null;
        }
        if (s.getValue().isEmpty()) {
            error(key, "is empty: put the password in a file (mode 0600) and give password_file");
            return null;
        }
        return s.getValue();
    }

    /** The text of a required single value; reports {@code what} when absent. */
    String required(String key, String what) {
        if (!has(key)) {
            missing(key, what);
            return null;
        }
        return string(key, true);
    }

    /** A port 1-65535, or {@code fallback} when absent (null when wrong). */
    Integer port(String key, Integer fallback) {
        String text = string(key);
        if (text == null) {
            return has(key) ? null : fallback;
        }
        if (!text.matches("-?\\d{1,9}")) {
            error(key, "'" + text + "' is not a port: write a whole number 1-65535");
            return null;
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            error(key, port + " is not a port: it must be 1-65535");
            return null;
        }
        return port;
    }

    /** A whole number in [min, max], or {@code fallback} when absent (null when wrong); {@code what} is the hint. */
    Integer wholeNumber(String key, int min, int max, Integer fallback, String what) {
        String text = string(key);
        if (text == null) {
            return has(key) ? null : fallback;
        }
        if (!text.matches("-?\\d{1,9}")) {
            error(key, "'" + text + "' is not a whole number: " + what);
            return null;
        }
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            error(key, n + " is out of range: it must be " + min + "-" + max + " (" + what + ")");
            return null;
        }
        return n;
    }

    /** A positive duration ({@code 500ms}, {@code 2s}...), or {@code fallback} when absent (null when wrong). */
    Duration duration(String key, Duration fallback) {
        String text = string(key);
        if (text == null) {
            return has(key) ? null : fallback;
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                error(key, "must be longer than 0 (every wait in hactl has a limit), e.g. 1s");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /** A duration that may be 0 ({@code 0}, {@code 0s}: "off"), or {@code fallback} when absent (null when wrong). */
    Duration durationOrZero(String key, Duration fallback) {
        String text = string(key);
        if (text == null) {
            return has(key) ? null : fallback;
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /**
     * {@code text} (the value of {@code key}) as one of {@code type}'s constants, in any case;
     * {@code fallback} when it is null; null when it is none of them, reported as
     * "'text' is not {@code notA}" (which says what to write).
     */
    <E extends Enum<E>> E constant(String key, String text, Class<E> type, E fallback, String notA) {
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(key, "'" + text + "' is not " + notA);
            return null;
        }
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent (null when wrong). */
    Boolean bool(String key, Boolean fallback) {
        String text = string(key);
        if (text == null) {
            return has(key) ? null : fallback;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        error(key, "'" + text + "' is not true or false: write " + key + ": true or " + key + ": false");
        return null;
    }

    /** An absolute path, kept as text (it may hold {node}); null when absent or wrong. */
    String absolutePath(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            error(key, "'" + text + "' is not an absolute path: write it from the root, e.g. /" + text);
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            error(key, "contains a NUL character: remove it");
            return null;
        }
        return text;
    }

    /** An absolute path, or {@code fallback} when absent (null when wrong). */
    Path path(String key, Path fallback) {
        if (!has(key)) {
            return fallback;
        }
        String text = absolutePath(key);
        return text == null ? null : Path.of(text);
    }

    // ---- helpers

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag())
                && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equalsIgnoreCase("null"));
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "a single value";
    }

    /** A value with where it was written. */
    record Located(String value, int line, String keyPath) {
    }
}
