package io.hactl.node;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program's or a server's output quoted in an error message: the server's error lines
 * ({@code ERROR 1114 (HY000) at line 31: ...}, {@code Got error: 1045: ...}) whole, everything
 * else cut to {@value #LIMIT} characters, saying how many were cut. A failed load once quoted
 * ~10 KB of row data before the one line that said what went wrong; an operator reads the
 * error line, and a message that size also floods the journal, the transition log and alerts.
 */
public final class Excerpt {

    /** Characters of other text kept (the error lines come on top). */
    public static final int LIMIT = 300;
    /** An error line longer than this is not a server's (their messages are at most 512 bytes): cut too. */
    static final int ERROR_LINE_LIMIT = 1024;

    private static final Pattern ERROR = Pattern.compile("\\b(?:ERROR \\d+|Got error: \\d+|Error:? \\d+)");

    private Excerpt() {
    }

    /**
     * {@code text} (any number of lines), stripped, as a quote: as it is when it is short, else
     * its error lines whole and the rest at most {@link #LIMIT} (lines kept apart by line breaks).
     */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.length() <= LIMIT ? t : lines(List.of(t.split("\n")), "\n");
    }

    /**
     * The non-empty lines, stripped, joined by {@code separator}: each server error line whole
     * (from "ERROR nnnn" on, when data precedes it on its line), the other text cut once their
     * total passes {@link #LIMIT}, with "... (N characters cut)" where the cut is.
     */
    public static String lines(List<String> lines, String separator) {
        List<String> parts = new ArrayList<>();
        int budget = LIMIT;
        long cut = 0;
        int cutAt = -1;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = ERROR.matcher(line);
            String other = line;
            String error = null;
            if (m.find()) {
                other = line.substring(0, m.start()).strip();
                error = line.substring(m.start());
                if (!other.isEmpty() && (other.endsWith(":") || other.endsWith("]"))) {
                    // a prefix like "mariadb: [ERROR]" belongs to the error line
                    error = line;
                    other = "";
                }
            }
            if (!other.isEmpty()) {
                if (budget <= 0) {
                    cut += other.length();
                } else if (other.length() > budget) {
                    parts.add(other.substring(0, budget));
                    cut += other.length() - budget;
                    cutAt = parts.size() - 1;
                    budget = 0;
                } else {
                    parts.add(other);
                    budget -= other.length();
                    if (budget == 0) {
                        cutAt = parts.size() - 1;
                    }
                }
            }
            if (error != null) {
                if (error.length() > ERROR_LINE_LIMIT) {
                    cut += error.length() - ERROR_LINE_LIMIT;
                    error = error.substring(0, ERROR_LINE_LIMIT) + "...";
                }
                parts.add(error);
            }
        }
        if (cut > 0) {
            int at = cutAt >= 0 ? cutAt : parts.size() - 1;
            parts.set(at, parts.get(at) + "... (" + cut + " characters cut)");
        }
        return String.join(separator, parts);
    }
}
