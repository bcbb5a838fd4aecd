package io.hactl.config;

import java.util.regex.Pattern;

/** Writes one YAML scalar: plain when that reads back as the same text, else double-quoted. */
final class YamlText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_/.@%+=,{}-]*");
    /** Plain scalars YAML (1.1 or 1.2) would read as something other than text. */
    private static final Pattern NOT_TEXT = Pattern.compile(
            "(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?(\\d[\\d_]*)?(\\.\\d*)?([eE][-+]?\\d+)?|0x[0-9a-f]+|0o?[0-7]+|\\.inf|\\.nan");

    private YamlText() {
    }

    static String scalar(String text) {
        if (!text.isEmpty() && PLAIN.matcher(text).matches() && !NOT_TEXT.matcher(text).matches()) {
            return text;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
