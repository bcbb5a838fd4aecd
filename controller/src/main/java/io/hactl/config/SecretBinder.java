package io.hactl.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads where a password comes from: exactly one of {@code password_file} (preferred),
 * {@code password_env} or {@code password} (inline, discouraged). Never shows the value.
 */
final class SecretBinder {

    static final List<String> KEYS = List.of("password_file", "password_env", "password");

    private SecretBinder() {
    }

    /**
     * @param whose          e.g. "the database user's", for messages
     * @param suggestedFile  where the password file would usually be
     * @return the secret, or null when missing or wrong (reported)
     */
    static Secret read(YamlMap map, String whose, String suggestedFile) {
        List<String> given = KEYS.stream().filter(map::has).toList();
        if (given.isEmpty()) {
            map.missing("password_file", whose + " password: put it alone on the first line of a file with mode"
                    + " 0600 and give password_file: " + suggestedFile + " (or password_env: VARIABLE)");
            return null;
        }
        if (given.size() > 1) {
            map.error(given.get(1), "give only one of password_file, password_env and password (this section has "
                    + String.join(" and ", given) + "): keep password_file");
            return null;
        }
        return switch (given.get(0)) {
            case "password_file" -> {
                String file = map.absolutePath("password_file");
                yield file == null ? null : Secret.file(Path.of(file));
            }
            case "password_env" -> {
                String variable = map.string("password_env");
                if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    map.error("password_env", "'" + variable + "' is not an environment variable name: use"
                            + " letters, digits and '_' (e.g. HACTL_DB_PASSWORD), without '$'");
                    yield null;
                }
                yield variable == null ? null : Secret.env(variable);
            }
            default -> {
                String value = map.secret("password");
                if (value == null) {
                    yield null;
                }
                map.warning("password", "the password is written in the config file: prefer password_file: "
                        + suggestedFile + " (mode 0600), so this file can be shown and shared without it");
                yield Secret.inline(value);
            }
        };
    }
}
