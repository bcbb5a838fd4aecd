package io.hactl.cli;

import io.hactl.config.ConfigException;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigLocator;
import io.hactl.config.HactlConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The --config option shared by every command that reads the pair's config. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file. Default: $HACTL_CONFIG, else /etc/hactl/hactl.yml, "
                    + "else the lab's config if a lab is up.")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** This command's --config, else the one given before the command (hactl --config F check), else the default. */
    public Path resolve() {
        Path chosen = config;
        for (CommandSpec c = mixee; chosen == null && c != null; c = c.parent()) {
            if (c.userObject() instanceof Main m) {
                chosen = m.config;
            }
        }
        return ConfigLocator.locate(chosen);
    }

    /**
     * Loads the config; on problems prints each one (file:line: key: message) and the fix
     * to {@code err} and returns null: the caller exits 3 ("could not run: bad config").
     */
    public HactlConfig load(String command, PrintWriter err) {
        Path path = resolve();
        try {
            return ConfigLoader.load(path);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p.format()));
            err.println(command + ": cannot use " + path + " (" + e.problems().size()
                    + " problem(s)); fix them, then run: hactl conf check --config " + path);
            err.flush();
            return null;
        }
    }
}
