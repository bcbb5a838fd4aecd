package io.hactl.cli;

import io.hactl.config.ConfigException;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigLocator;
import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The --config option shared by every command that reads the pair's config: which file
 * ({@link ConfigLocator}: --config, $HACTL_CONFIG, /etc/hactl/hactl.yml, never the lab's
 * unless named), a refusal when there is none, and the line that says which one was read
 * ({@code config: /etc/hactl/hactl.yml (the default)}).
 */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file. Default: $HACTL_CONFIG, else /etc/hactl/hactl.yml; none: the command refuses"
                    + " (the lab's config only when named).")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Where configs are looked for; tests give their own environment and places. */
    ConfigLocator locator = ConfigLocator.system();

    /** This command's --config, else the one given before the command (hactl --config F check), else the default. */
    public Optional<ConfigLocator.Location> locate() {
        Path chosen = config;
        for (CommandSpec c = mixee; chosen == null && c != null; c = c.parent()) {
            if (c.userObject() instanceof Main m) {
                chosen = m.config;
            }
        }
        return locator.find(chosen);
    }

    /** The config file this command would read; null when there is none. */
    public Path resolve() {
        return locate().map(ConfigLocator.Location::path).orElse(null);
    }

    /** {@code config: PATH (how it was chosen)}: what a command prints first; null when there is no config. */
    public String line() {
        return locate().map(l -> "config: " + l.describe()).orElse(null);
    }

    /** "no --config, $HACTL_CONFIG is not set, no /etc/hactl/hactl.yml". */
    String nowhere() {
        return locator.nowhere();
    }

    /**
     * Loads the config and says which one on the command's standard output (its first line).
     * No config, or one with problems: says why on {@code err} and returns null; the caller
     * exits 3 ("bad config").
     */
    public HactlConfig load(String command, PrintWriter err) {
        return load(command, err, mixee == null ? null : mixee.commandLine().getOut());
    }

    /**
     * As {@link #load(String, PrintWriter, PrintWriter)}, only the controller's address read
     * ({@link ConfigLoader#controller}): for the reads the running controller answers. The file is
     * refused as load refuses it, with every problem, when what it reads is wrong.
     */
    public ControllerAddress loadController(String command, PrintWriter err, PrintWriter announce) {
        return read(command, err, announce, path -> new ControllerAddress(path, ConfigLoader.controller(path)));
    }

    /** The config file read and the controller's part of it ({@link #loadController}). */
    public record ControllerAddress(Path source, ControllerConfig controller) {
    }

    /**
     * As {@link #load(String, PrintWriter)}, the "config:" line printed on {@code announce}:
     * stderr when stdout is data (JSON lines, Markdown, a log file), null when the command puts
     * the path in its own output (a --json object's {@code config} field).
     */
    public HactlConfig load(String command, PrintWriter err, PrintWriter announce) {
        return read(command, err, announce, ConfigLoader::load);
    }

    /** What {@code reader} makes of the file located; null when none is found or the file is refused. */
    private <T> T read(String command, PrintWriter err, PrintWriter announce, Function<Path, T> reader) {
        Optional<ConfigLocator.Location> where = locate();
        if (where.isEmpty()) {
            err.println(locator.noConfig(command));
            err.flush();
            return null;
        }
        Path path = where.get().path();
        try {
            T read = reader.apply(path);
            if (announce != null) {
                announce.println("config: " + where.get().describe());
                announce.flush();
            }
            return read;
        } catch (ConfigException e) {
            refuse(command, path, e, err);
            return null;
        }
    }

    private static void refuse(String command, Path path, ConfigException e, PrintWriter err) {
        e.problems().forEach(p -> err.println(p.format()));
        err.println(command + ": cannot use " + path + " (" + e.problems().size()
                + " problem(s)); fix them, then run: hactl conf check --config " + path);
        err.flush();
    }
}
