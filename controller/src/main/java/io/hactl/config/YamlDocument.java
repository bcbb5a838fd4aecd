package io.hactl.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a config file into SnakeYAML's node tree (which keeps the line of every node).
 * Problems reading or parsing it are reported, never thrown.
 */
final class YamlDocument {

    static final String FILE_KEY = "(file)";

    private YamlDocument() {
    }

    /** The root mapping, or null after reporting why there is none. */
    static MappingNode read(Path file, Problems problems) {
        if (Files.isDirectory(file)) {
            problems.error(0, FILE_KEY, file + " is a directory: give the config file itself, e.g. "
                    + file.resolve("hactl.yml"));
            return null;
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            root = new Yaml(options).compose(reader);
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

    /** The 1-based line where {@code node} starts. */
    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
