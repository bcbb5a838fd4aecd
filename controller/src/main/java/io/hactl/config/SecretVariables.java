package io.hactl.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment variables that hold secrets, withheld from every program hactl starts.
 * A child inherits the whole environment of the JVM, so without this an alert {@code command}
 * would see the database password named by {@code password_env}, and db-copy's dump of the
 * origin the destination's password. No child needs one: hactl hands passwords to the client
 * tools in a 0600 option file ({@code OptionFile}), never in their environment.
 *
 * <p>A name is added as soon as hactl knows it names a secret: when the config is read (every
 * {@code password_env}, the webhook URL's variable: {@link Secret}'s constructor) and when a
 * {@code --password-env}-style option is read. One set per JVM, as the environment is.
 */
public final class SecretVariables {

    /** Withheld whatever the config says: the operator's API token, and the client's own password variable (hactl never uses it). */
    static final Set<String> ALWAYS = Set.of("HACTL_TOKEN", "MYSQL_PWD");

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private SecretVariables() {
    }

    /** {@code variable} holds a secret: no child process gets it from now on. */
    public static void add(String variable) {
        if (variable != null && !variable.isEmpty()) {
            NAMES.add(variable);
        }
    }

    /** Every withheld name, sorted. */
    public static Set<String> names() {
        Set<String> all = new TreeSet<>(ALWAYS);
        all.addAll(NAMES);
        return all;
    }

    /** Removes the withheld variables from a child's environment (a {@code ProcessBuilder.environment()}). */
    public static void removeFrom(Map<String, String> environment) {
        environment.keySet().removeAll(names());
    }

    /** {@code pb}, its environment without the withheld variables. */
    public static ProcessBuilder withheldFrom(ProcessBuilder pb) {
        removeFrom(pb.environment());
        return pb;
    }
}
