package io.hactl.text;

/**
 * Makes control characters visible in text printed for a person: {@code \n}, {@code \r},
 * {@code \t}, every other C0 and C1 control and DEL as {@code \xHH} (ESC is {@code \x1b}),
 * and the Unicode line separators and bidirectional overrides as {@code \\uHHHH}. Text from
 * operators ({@code --reason}, comments), from servers (table names) or from the
 * environment can hold them: printed raw, a newline forges a history line, ESC rewrites the
 * terminal, a right-to-left override reverses what is read. The transition log itself keeps
 * the text exact (JSON escapes it); only what is rendered for people goes through here.
 */
public final class ControlChars {

    private ControlChars() {
    }

    /** {@code text} with its control characters escaped; null stays null; unchanged when there is none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c <= 0xff) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    public static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c == '\u2028' || c == '\u2029'                 // line and paragraph separators
                || c >= '\u202a' && c <= '\u202e'                 // bidirectional embeddings and overrides
                || c >= '\u2066' && c <= '\u2069';                // bidirectional isolates
    }
}
