package io.hactl.check;

import io.hactl.text.ControlChars;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain aligned text table: header row, then rows; columns as wide as their widest cell.
 * Cells have their control characters escaped ({@link ControlChars}): one row, one line.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : ControlChars.escape(cells[i].toString());
        }
        rows.add(r);
        return this;
    }

    public String render(String indent) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols && i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < cols; i++) {
                String cell = i < r.length ? r[i] : "";
                line.append(cell);
                if (i < cols - 1) {
                    line.append(" ".repeat(w[i] - cell.length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
