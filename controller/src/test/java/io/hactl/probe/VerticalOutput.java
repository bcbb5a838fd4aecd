package io.hactl.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the mysql client's vertical (\G) output of one row into column → value; continuation lines are appended. */
final class VerticalOutput {

    private static final Pattern COLUMN = Pattern.compile("^\\s*([A-Za-z_]+):(?: (.*))?$");

    private VerticalOutput() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> row = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.startsWith("*****") || line.isBlank()) {
                continue;
            }
            Matcher m = COLUMN.matcher(line);
            if (m.matches()) {
                last = m.group(1);
                row.put(last, m.group(2) == null ? "" : m.group(2).strip());
            } else if (last != null) {
                row.put(last, row.get(last) + "\n" + line.strip());
            }
        }
        return row;
    }
}
