package io.hactl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The variables of an env.conf during an import: which ones found a place in hactl.yml, and
 * for the others, why not. A variable only used to build others (e.g. a base directory) is
 * not listed: its value lives on in theirs. Reasons never contain values.
 */
final class EnvVariables {

    private static final Pattern SECRET = Pattern.compile("(?i).*(PASSWORD|PASSWD|_PASS|_PW|SECRET|TOKEN).*");

    private static final Map<String, String> KNOWN = Map.of(
            "PATH", "hactl runs the start and stop commands over ssh with ssh.user's login environment: if they"
                    + " need this PATH, set it in that user's profile or in the commands",
            "JAVA_HOME", "no service command uses it here; if a service needs it, prefix its start and stop"
                    + " commands with JAVA_HOME=...",
            "JBOSS_OPTS", "options for JBoss itself: hactl does not pass them; keep them in JBoss's run.conf, or"
                    + " prefix services[jboss].start with JBOSS_OPTS=\"...\"",
            "JAVA_OPTS", "options for the JVMs: hactl does not pass them; keep them in the services' own config"
                    + " (run.conf, setenv.sh), or prefix the start commands with JAVA_OPTS=\"...\"",
            "CATALINA_OPTS", "options for Tomcat: hactl does not pass them; keep them in Tomcat's bin/setenv.sh",
            "PROJECT_DIR", "the Polopoly project directory that backup.sh saved: add it by hand as a backup"
                    + " component, backup.components: [{name: project, paths: [DIR]}]",
            "WIZARD_DIR", "where the old scripts live: hactl does not need it");

    private final Map<String, EnvConfParser.Assignment> all;
    private final Set<String> used = new HashSet<>();
    private final Set<String> referenced = new HashSet<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final List<UnmappedVariable> unmapped = new ArrayList<>();

    EnvVariables(Map<String, EnvConfParser.Assignment> all) {
        this.all = all;
        all.values().forEach(a -> referenced.addAll(a.references()));
    }

    /** The first of {@code names} that env.conf sets, now counted as used. */
    Optional<EnvConfParser.Assignment> take(String... names) {
        Optional<EnvConfParser.Assignment> found = peek(names);
        found.ifPresent(this::markUsed);
        return found;
    }

    /** The first variable not used yet whose name ends with {@code suffix}, now counted as used. */
    Optional<EnvConfParser.Assignment> takeEndingWith(String suffix) {
        Optional<EnvConfParser.Assignment> found = all.values().stream()
                .filter(a -> a.name().endsWith(suffix) && !used.contains(a.name())).findFirst();
        found.ifPresent(this::markUsed);
        return found;
    }

    /** The first of {@code names} that env.conf sets, not counted as used. */
    Optional<EnvConfParser.Assignment> peek(String... names) {
        for (String name : names) {
            EnvConfParser.Assignment a = all.get(name);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    void markUsed(EnvConfParser.Assignment a) {
        used.add(a.name());
    }

    /**
     * The assignment when its value could be fully expanded; else it is listed as not mapped
     * (its value refers to something env.conf does not set, e.g. $HOME or $(hostname)).
     */
    Optional<EnvConfParser.Assignment> usable(EnvConfParser.Assignment a) {
        if (a.unresolved().isEmpty()) {
            return Optional.of(a);
        }
        unmapped(a, "its value uses " + String.join(", ", a.unresolved()) + ", which env.conf does not set"
                + " (hactl runs nothing to find out): write this value in hactl.yml by hand");
        return Optional.empty();
    }

    /** Lists {@code a} as not mapped, with {@code reason}. */
    void unmapped(EnvConfParser.Assignment a, String reason) {
        used.add(a.name());
        unmapped.add(new UnmappedVariable(a.name(), a.line(), reason));
    }

    /** The reason to give for {@code name} if it ends up not mapped. */
    void explainIfLeft(String name, String reason) {
        reasons.put(name, reason);
    }

    /** Every variable that found no place, with why. */
    List<UnmappedVariable> leftOver() {
        List<UnmappedVariable> left = new ArrayList<>(unmapped);
        for (EnvConfParser.Assignment a : all.values()) {
            if (used.contains(a.name()) || referenced.contains(a.name()) && !reasons.containsKey(a.name())) {
                continue;
            }
            left.add(new UnmappedVariable(a.name(), a.line(), reason(a.name())));
        }
        return left;
    }

    private String reason(String name) {
        if (reasons.containsKey(name)) {
            return reasons.get(name);
        }
        if (KNOWN.containsKey(name)) {
            return KNOWN.get(name);
        }
        if (SECRET.matcher(name).matches()) {
            return "looks like a secret: never copied into hactl.yml; if hactl needs it, put it in a file with"
                    + " mode 0600 and name that file (password_file)";
        }
        return "hactl has no setting for it: if a service's start or stop command needs it, add it to that command";
    }
}
