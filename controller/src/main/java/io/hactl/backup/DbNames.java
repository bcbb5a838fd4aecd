package io.hactl.backup;

/**
 * Database names accepted on the command line: letters, digits, '_' and '$', at most 64
 * (the same rule as database.name in hactl.yml). A name is put in SQL (CREATE DATABASE,
 * USE, information_schema queries) only after this check, so no name can carry SQL.
 */
public final class DbNames {

    private DbNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.matches("[A-Za-z0-9_$]{1,64}");
    }

    /** Null when valid, else why not (for a refusal). */
    public static String whyNot(String name, String what) {
        if (name == null || name.isEmpty()) {
            return what + " is missing";
        }
        if (!valid(name)) {
            return what + " '" + printable(name) + "' is not a database name hactl accepts: use letters, digits,"
                    + " '_' and '$' (at most 64)";
        }
        return null;
    }

    /** The name quoted for SQL; only for names that are {@link #valid}. */
    public static String quoted(String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException("not a valid database name");
        }
        return "`" + name + "`";
    }

    /** {@code s} with control characters shown as '?', cut after 80 characters: for messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
            if (b.length() > 80) {
                return b + "...";
            }
        }
        return b.toString();
    }
}
