package io.hactl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chooses where a password comes from: exactly one of {@code password_file} (preferred),
 * {@code password_env} or {@code password} (inline, discouraged). Never shows the value.
 */
final class SecretBinder {

    static final List<String> KEYS = List.of("password_file", "password_env", "password");

    private SecretBinder() {
    }

    /**
     * @param at             the section, e.g. "database.replication"
     * @param whose          e.g. "the database user's", for messages
     * @param suggestedFile  where the password file would usually be
     * @return the secret, or null when missing or wrong (reported)
     */
    static Secret read(Problems c, String at, String file, String env, String inline, String whose,
                       String suggestedFile) {
        List<String> given = KEYS.stream().filter(k -> c.has(at + "." + k)).toList();
        if (given.isEmpty()) {
            c.error(at + ".password_file", "missing: " + whose + " password: put it alone on the first line of a"
                    + " file with mode 0600 and give password_file: " + suggestedFile + " (or password_env: VARIABLE)");
            return null;
        }
        if (given.size() > 1) {
            c.error(at + "." + given.get(1), "give only one of password_file, password_env and password (this"
                    + " section has " + String.join(" and ", given) + "): keep password_file");
            return null;
        }
        return switch (given.get(0)) {
            case "password_file" -> {
                String path = c.valid(at + ".password_file", file);
                yield path == null ? null : Secret.file(Path.of(path));
            }
            case "password_env" -> {
                String variable = c.valid(at + ".password_env", env);
                yield variable == null ? null : Secret.env(variable);
            }
            default -> {
                if (c.valid(at + ".password", inline) == null) {
                    yield null;
                }
                c.warning(at + ".password", "the password is written in the config file: prefer password_file: "
                        + suggestedFile + " (mode 0600), so this file can be shown and shared without it");
                yield Secret.inline(inline);
            }
        };
    }

    /** The secret keys written in section {@code at}. */
    static Stream<String> written(Problems c, String at) {
        return KEYS.stream().filter(k -> c.has(at + "." + k));
    }
}
