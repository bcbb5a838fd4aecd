package io.hactl.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a config file into the flat properties Spring Boot's Binder binds
 * ({@code nodes[1].address} = {@code 198.51.100.12}), the way Boot's OriginTrackedYamlLoader
 * does, with three differences that keep what users see (docs/decisions.md): every key's line
 * is kept ({@link Locations}; a missing key is reported at its section's line), a scalar is its
 * text as written ({@code port: 010} is not read as octal 8, {@code follow_db_master: yes} is
 * not true), and a repeated key is one problem among the others, not the end of the parse.
 * It is the Binder's property source itself: a Spring PropertySource would start a logging
 * framework for nothing. Problems reading or parsing the file are reported, never thrown.
 */
final class YamlSource implements IterableConfigurationPropertySource {

    static final String FILE_KEY = "(file)";

    /** What a key holds as written: a single value, nothing ({@code key:} or {@code ""}), a list or a mapping. */
    enum Shape { VALUE, NONE, LIST, MAPPING }

    private final Problems problems;
    private final Map<ConfigurationPropertyName, String> values = new LinkedHashMap<>();
    private final Map<ConfigurationPropertyName, Shape> shapes = new HashMap<>();
    private final Map<ConfigurationPropertyName, Integer> sizes = new HashMap<>();

    private YamlSource(Problems problems) {
        this.problems = problems;
    }

    /** The file's properties, or null after reporting why there are none. */
    static YamlSource read(Path file, Problems problems) {
        MappingNode root = compose(file, problems);
        if (root == null) {
            return null;
        }
        YamlSource source = new YamlSource(problems);
        source.mapping(root, "");
        return source;
    }

    @Override
    public Stream<ConfigurationPropertyName> stream() {
        return values.keySet().stream();
    }

    @Override
    public ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
        String value = values.get(name);
        return value == null ? null : new ConfigurationProperty(name, value, null);
    }

    /** What {@code keyPath} holds as written; null when it is not in the file. */
    Shape shape(String keyPath) {
        return shape(Locations.name(keyPath));
    }

    /** The value of {@code keyPath} as written; null when it holds none (absent, a list, a mapping). */
    String value(String keyPath) {
        return values.get(Locations.name(keyPath));
    }

    Shape shape(ConfigurationPropertyName name) {
        return shapes.get(name);
    }

    /** How many items the list {@code name} has as written (lone '-' items included); 0 when it is no list. */
    int size(ConfigurationPropertyName name) {
        return sizes.getOrDefault(name, 0);
    }

    private void mapping(MappingNode node, String path) {
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            int keyLine = line(tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.error(keyLine, path.isEmpty() ? FILE_KEY : path,
                        "a key must be a plain word, not " + describe(tuple.getKeyNode()));
                continue;
            }
            String keyPath = path.isEmpty() ? keyNode.getValue() : path + "." + keyNode.getValue();
            if (!keyNode.getValue().matches("[A-Za-z0-9_-]+")) {    // no property name could hold it
                problems.error(keyLine, keyPath, "unknown key '" + keyNode.getValue() + "': a key is one word of"
                        + " letters, digits, '_' and '-'");
                continue;
            }
            Integer first = seen.putIfAbsent(keyNode.getValue(), keyLine);
            if (first != null) {
                problems.error(keyLine, keyPath, "given twice (first at line " + first + "): keep one of them");
                continue;
            }
            problems.locations().put(keyPath, keyLine);
            value(tuple.getValueNode(), keyPath);
        }
    }

    private void value(Node node, String path) {
        if (node instanceof MappingNode mapping) {
            shapes.put(Locations.name(path), Shape.MAPPING);
            mapping(mapping, path);
        } else if (node instanceof SequenceNode sequence) {
            shapes.put(Locations.name(path), Shape.LIST);
            sizes.put(Locations.name(path), sequence.getValue().size());
            if (sequence.getValue().isEmpty()) {
                values.put(Locations.name(path), "");    // as Boot does: an empty list binds as one
            }
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                problems.locations().put(itemPath, line(item));
                if (isNull(item)) {
                    problems.error(line(item), itemPath, "empty list item: remove the lone '-' or fill it in");
                } else {
                    value(item, itemPath);
                }
            }
        } else {
            ScalarNode scalar = (ScalarNode) node;
            boolean none = isNull(scalar) || scalar.getValue().isBlank();
            shapes.put(Locations.name(path), none ? Shape.NONE : Shape.VALUE);
            values.put(Locations.name(path), none ? "" : scalar.getValue());
        }
    }

    /** The root mapping, or null after reporting why there is none. */
    private static MappingNode compose(Path file, Problems problems) {
        if (Files.isDirectory(file)) {
            problems.error(0, FILE_KEY, file + " is a directory: give the config file itself, e.g. "
                    + file.resolve("hactl.yml"));
            return null;
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            // the composer alone (what Yaml.compose runs): no Constructor, whose TypeDescription starts a System.Logger
            // (a look-up of logger back-ends over the class path and java.util.logging: ~40 ms of every command's
            // start, issue 20)
            root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
        } catch (NoSuchFileException e) {
            problems.error(0, FILE_KEY, "no such file: write one with 'hactl conf import env.conf > " + file
                    + "' (from the old scripts' env.conf), or copy conf/hactl.yml from the hactl distribution"
                    + " and edit it");
            return null;
        } catch (AccessDeniedException e) {
            problems.error(0, FILE_KEY, "permission denied: run as a user that can read it (usually root)");
            return null;
        } catch (MalformedInputException e) {
            problems.error(0, FILE_KEY, "is not UTF-8 text: convert it (iconv -t UTF-8)");
            return null;
        } catch (MarkedYAMLException e) {
            // Only the description and the position: the parser's excerpt of the line could show a password.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            Mark started = e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (started != null && mark != null && started.getLine() != mark.getLine()
                    ? " that starts at line " + (started.getLine() + 1) : "") + ")";
            problems.error(mark == null ? 0 : mark.getLine() + 1, FILE_KEY, "YAML syntax error" + context + ": "
                    + what + (mark == null ? "" : " at column " + (mark.getColumn() + 1))
                    + ": fix the indentation or quoting there (indent with spaces, quote values containing ': ' or ' #')");
            return null;
        } catch (YAMLException e) {
            problems.error(0, FILE_KEY, "not valid YAML: " + e.getMessage());
            return null;
        } catch (IOException e) {
            problems.error(0, FILE_KEY, "cannot read it: " + e.getMessage());
            return null;
        }
        if (root == null) {
            problems.error(1, FILE_KEY, "the file is empty: start from conf/hactl.yml or 'hactl conf import env.conf'");
            return null;
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.error(line(root), FILE_KEY, "the file must be a mapping of keys (cluster:, nodes:, vips:, ...);"
                    + " see conf/hactl.yml");
            return null;
        }
        return mapping;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag())
                && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equalsIgnoreCase("null"));
    }

    static String describe(Node node) {
        return node instanceof MappingNode ? "a mapping" : node instanceof SequenceNode ? "a list"
                : isNull(node) ? "nothing" : "a single value";
    }

    /** The 1-based line where {@code node} starts. */
    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
