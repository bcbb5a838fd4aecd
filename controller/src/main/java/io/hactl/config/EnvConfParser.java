package io.hactl.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the assignments of a bash env.conf the way {@code source env.conf} would for the
 * simple cases: {@code VAR=VALUE}, {@code export VAR=VALUE}, single and double quotes,
 * backslashes, comments, and {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} referring
 * to variables set earlier. It runs nothing: a command substitution or a variable env.conf
 * does not set is kept as written and listed in {@link Assignment#unresolved()}. Lines that
 * are not assignments are returned as skipped, and so is an assignment whose quote is never
 * closed: bash stops reading the file there (a syntax error), so its value would be every line
 * after it; the parser says so with the quote's line and reads on from the next line.
 */
public final class EnvConfParser {

    /**
     * @param references  variables of env.conf this value was built from
     * @param unresolved  what could not be expanded ($HOME, $(hostname)...), kept as written in the value
     */
    public record Assignment(String name, String value, int line, Set<String> references, List<String> unresolved) {
    }

    /** @param variables the last assignment of each variable, in the order first set */
    public record Result(Map<String, Assignment> variables, List<UnmappedVariable> skipped) {
    }

    private final String text;
    private int pos;
    private int line = 1;
    private final Map<String, Assignment> variables = new LinkedHashMap<>();
    private final List<UnmappedVariable> skipped = new ArrayList<>();

    private EnvConfParser(String text) {
        this.text = text;
    }

    public static Result parse(String text) {
        EnvConfParser p = new EnvConfParser(text);
        p.statements();
        return new Result(p.variables, p.skipped);
    }

    private void statements() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == ';' || c == '\r') {
                pos++;
            } else if (c == '#') {
                skipToEndOfLine();
            } else {
                statement();
            }
        }
    }

    private void statement() {
        int startLine = line;
        String word = peekName();
        if (word.equals("export") && isBlankAt(pos + word.length())) {
            pos += word.length();
            skipBlanks();
            while (pos < text.length() && !atEndOfStatement()) {
                String name = peekName();
                if (name.isEmpty()) {
                    notAnAssignment(startLine);
                    return;
                }
                if (at(pos + name.length(), '=')) {
                    assignment(name);
                } else {
                    pos += name.length(); // 'export VAR': marks an existing variable, nothing to read
                }
                skipBlanks();
            }
            return;
        }
        if (!word.isEmpty() && at(pos + word.length(), '=')) {
            assignment(word);
            skipBlanks();
            if (pos < text.length() && !atEndOfStatement()) {
                notAnAssignment(line); // VAR=x command ...: runs a command
            }
            return;
        }
        notAnAssignment(startLine);
    }

    private void assignment(String name) {
        int startLine = line;
        pos += name.length() + 1;
        Set<String> references = new LinkedHashSet<>();
        List<String> unresolved = new ArrayList<>();
        String value;
        try {
            value = word(references, unresolved);
        } catch (Unterminated u) {
            unterminated(name, u);
            return;
        }
        variables.remove(name); // keep the order of the last assignment
        variables.put(name, new Assignment(name, value, startLine, Set.copyOf(references), List.copyOf(unresolved)));
    }

    /** A quote opened at {@code at} (on line {@code line}) that the file never closes. */
    private static final class Unterminated extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final char quote;
        final int at;
        final int line;

        Unterminated(char quote, int at, int line) {
            super(null, null, false, false);
            this.quote = quote;
            this.at = at;
            this.line = line;
        }
    }

    /** Reports {@code name}'s unclosed quote (never its value: it may be a password) and goes on after its line. */
    private void unterminated(String name, Unterminated u) {
        skipped.add(new UnmappedVariable(name, u.line, "its " + u.quote + " quote is never closed: bash stops reading"
                + " env.conf there (a syntax error), so " + name + " and every line after it were never set; this import"
                + " read on from line " + (u.line + 1) + " — close the quote on line " + u.line + ", then import again"));
        int end = text.indexOf('\n', u.at);
        pos = end < 0 ? text.length() : end;
        line = u.line;
    }

    /** One shell word: unquoted, '...' and "..." parts, until an unquoted blank, ';' or newline. */
    private String word(Set<String> references, List<String> unresolved) {
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '\r') {
                break;
            }
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new Unterminated('\'', pos, line);
                }
                String quoted = text.substring(pos + 1, end);
                countLines(quoted);
                out.append(quoted);
                pos = Math.min(text.length(), end + 1);
            } else if (c == '"') {
                int at = pos;
                int atLine = line;
                pos++;
                if (!doubleQuoted(out, references, unresolved)) {
                    throw new Unterminated('"', at, atLine);
                }
            } else if (c == '\\') {
                if (at(pos + 1, '\n')) {
                    line++;
                } else if (pos + 1 < text.length()) {
                    out.append(text.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$' || c == '`') {
                expansion(out, references, unresolved);
            } else {
                out.append(c);
                pos++;
            }
        }
        return out.toString();
    }

    /** Reads a "..." part after its opening quote; false when the file ends before the closing one. */
    private boolean doubleQuoted(StringBuilder out, Set<String> references, List<String> unresolved) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return true;
            }
            if (c == '\\' && pos + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(pos + 1)) >= 0) {
                char next = text.charAt(pos + 1);
                if (next == '\n') {
                    line++;
                } else {
                    out.append(next);
                }
                pos += 2;
            } else if (c == '$' || c == '`') {
                expansion(out, references, unresolved);
            } else {
                if (c == '\n') {
                    line++;
                }
                out.append(c);
                pos++;
            }
        }
        return false;
    }

    /** At a '$' or '`': expands a variable set earlier, or keeps the text as written. */
    private void expansion(StringBuilder out, Set<String> references, List<String> unresolved) {
        int start = pos;
        if (text.charAt(pos) == '`') {
            int end = text.indexOf('`', pos + 1);
            pos = end < 0 ? text.length() : end + 1;
            keep(out, start, unresolved);
            return;
        }
        if (at(pos + 1, '(')) {
            pos = closing(pos + 1, '(', ')');
            keep(out, start, unresolved);
            return;
        }
        if (at(pos + 1, '{')) {
            int end = closing(pos + 1, '{', '}');
            String inner = text.substring(pos + 2, Math.max(pos + 2, end - 1));
            pos = end;
            String name = inner.replaceAll("^([A-Za-z_][A-Za-z0-9_]*).*$", "$1");
            String rest = inner.substring(Math.min(inner.length(), name.length()));
            Assignment a = variables.get(name);
            if (a != null && (rest.isEmpty() || rest.startsWith(":-") || rest.startsWith("-"))
                    && !(rest.startsWith(":-") && a.value().isEmpty())) {
                references.add(name);
                out.append(a.value());
            } else if (a == null && (rest.startsWith(":-") || rest.startsWith("-"))) {
                out.append(rest.substring(rest.startsWith(":-") ? 2 : 1)); // the default, as written
            } else {
                keep(out, start, unresolved);
            }
            return;
        }
        String name = peekName(pos + 1);
        if (name.isEmpty()) {
            pos++;
            if (pos < text.length() && "?$!#@*0123456789-".indexOf(text.charAt(pos)) >= 0) {
                pos++;
                keep(out, start, unresolved);
            } else {
                out.append('$');
            }
            return;
        }
        pos += 1 + name.length();
        Assignment a = variables.get(name);
        if (a != null) {
            references.add(name);
            out.append(a.value());
        } else {
            keep(out, start, unresolved);
        }
    }

    private void keep(StringBuilder out, int start, List<String> unresolved) {
        String asWritten = text.substring(start, pos);
        countLines(asWritten);
        out.append(asWritten);
        unresolved.add(asWritten);
    }

    /** The position after the bracket closing the one at {@code open}. */
    private int closing(int open, char opening, char closingChar) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closingChar && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    private void notAnAssignment(int atLine) {
        int end = text.indexOf('\n', pos);
        String rest = text.substring(pos, end < 0 ? text.length() : end).strip();
        String first = rest.split("[\\s;(]", 2)[0];
        skipped.add(new UnmappedVariable(first.isEmpty() ? rest : first, atLine,
                "not an assignment (VAR=VALUE): the import reads only assignments; if this line matters,"
                        + " carry it over by hand"));
        skipToEndOfLine();
    }

    private void skipToEndOfLine() {
        int end = text.indexOf('\n', pos);
        pos = end < 0 ? text.length() : end;
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '#') {
            skipToEndOfLine();
        }
    }

    private boolean atEndOfStatement() {
        char c = text.charAt(pos);
        return c == '\n' || c == ';' || c == '#' || c == '\r';
    }

    private String peekName() {
        return peekName(pos);
    }

    private String peekName(int from) {
        int i = from;
        if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
        }
        return text.substring(from, i);
    }

    private boolean at(int index, char c) {
        return index < text.length() && text.charAt(index) == c;
    }

    private boolean isBlankAt(int index) {
        return index < text.length() && (text.charAt(index) == ' ' || text.charAt(index) == '\t');
    }

    private void countLines(String s) {
        line += (int) s.chars().filter(ch -> ch == '\n').count();
    }
}
