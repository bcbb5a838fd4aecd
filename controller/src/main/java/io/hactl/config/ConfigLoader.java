package io.hactl.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads and checks hactl.yml (schema: conf/hactl.yml, docs/configuration.md). All problems are
 * found in one pass, each with the file, the line and the key path: syntax, unknown keys,
 * value types, checks across keys, and the files the config points at.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** The config; throws ConfigException listing every error (then every warning) when there is any error. */
    public static HactlConfig load(Path file) {
        ConfigReport report = report(file);
        if (!report.valid()) {
            List<ConfigProblem> all = new ArrayList<>(report.errors());
            all.addAll(report.warnings());
            throw new ConfigException(all);
        }
        return report.config();
    }

    /**
     * Only the controller's address ({@code controller.listen}, the rest of the section at its defaults), for the
     * commands that just ask the running controller (hactl status, proposals): the file read as {@link #load} reads
     * it ({@link YamlSource}) and {@code listen} checked as load checks it, without binding the rest (Spring's Binder,
     * its conversions, the checks across keys and files: ~0.3 s of CPU in a fresh JVM, issue 20). When anything it
     * reads is wrong (the file, its YAML, the section, listen), it throws what load throws: every problem of the file.
     */
    public static ControllerConfig controller(Path file) {
        Problems problems = new Problems(file.toString());
        YamlSource source = YamlSource.read(file, problems);
        ControllerConfig address = source == null || problems.hasErrors() ? null : ControllerBinder.address(problems, source);
        return address != null && !problems.hasErrors() ? address : load(file).controller();
    }

    /** Every error and warning, in file order; never throws for a bad file. */
    public static List<ConfigProblem> check(Path file) {
        return report(file).problems();
    }

    /** Every problem and, when there is no error, the config. */
    public static ConfigReport report(Path file) {
        return report(file, System::getenv);
    }

    /**
     * The known_hosts files {@code file} names (ssh.known_hosts, per node) that do not exist
     * yet: {@code hactl ssh trust} creates them. Empty when the file cannot even be read.
     */
    public static List<Path> missingKnownHosts(Path file) {
        Problems problems = new Problems(file.toString());
        YamlSource source = YamlSource.read(file, problems);
        if (source == null) {
            return List.of();
        }
        try {
            HactlConfig config = ConfigBinder.bind(file, source, problems);
            return config.nodes().stream().map(n -> n.ssh() == null ? null : n.ssh().knownHosts())
                    .filter(Objects::nonNull).distinct().filter(p -> !Files.exists(p)).toList();
        } catch (RuntimeException e) {
            return List.of();   // a config too broken to bind: load() reports it
        }
    }

    static ConfigReport report(Path file, Function<String, String> environment) {
        Problems problems = new Problems(file.toString());
        YamlSource source = YamlSource.read(file, problems);
        if (source == null) {
            return new ConfigReport(file, null, problems.inFileOrder());
        }
        HactlConfig config = ConfigBinder.bind(file, source, problems);
        new SemanticChecks(problems.locations(), problems).check(config);
        new FileChecks(problems.locations(), problems, environment).check(config, file);
        return new ConfigReport(file, problems.hasErrors() ? null : config, problems.inFileOrder());
    }
}
