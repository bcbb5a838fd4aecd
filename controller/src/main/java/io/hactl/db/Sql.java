package io.hactl.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SQL statement with its parameters, bound by the JDBC driver (never concatenated).
 * A {@link Hidden} parameter (a password) is bound like any other but never shown:
 * {@link #toString()} prints the text and the parameter count only, so a statement can
 * be logged or put in an error message without leaking a secret.
 */
public record Sql(String text, List<Object> params) {

    /** A parameter whose value must not appear in output, logs or error messages. */
    public record Hidden(String value) {
        @Override
        public String toString() {
            return "******";
        }
    }

    public Sql {
        params = List.copyOf(params);
    }

    public static Sql of(String text, Object... params) {
        return new Sql(text, Arrays.asList(params));
    }

    /** The parameters' values as bound, secrets revealed (for the driver only). */
    List<Object> bound() {
        List<Object> out = new ArrayList<>();
        for (Object p : params) {
            out.add(p instanceof Hidden h ? h.value() : p);
        }
        return out;
    }

    /** The secret values among the parameters, to scrub from error messages. */
    List<String> secrets() {
        return params.stream().filter(p -> p instanceof Hidden).map(p -> ((Hidden) p).value())
                .filter(v -> v != null && !v.isEmpty()).toList();
    }

    /** The statement with each parameter shown ('value', or ****** for a hidden one): for tests and plans. */
    public String shown() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (char c : text.toCharArray()) {
            if (c == '?' && i < params.size()) {
                Object p = params.get(i++);
                sb.append(p instanceof Number ? p.toString() : "'" + p + "'");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text + (params.isEmpty() ? "" : " (" + params.size() + " parameter" + (params.size() == 1 ? "" : "s") + ")");
    }
}
