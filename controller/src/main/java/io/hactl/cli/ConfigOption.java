package io.hactl.cli;

import io.hactl.config.ConfigLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option shared by every command that reads the pair's config. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file. Default: $HACTL_CONFIG, else /etc/hactl/hactl.yml, "
                    + "else the lab's config if a lab is up.")
    Path config;

    public Path resolve() {
        return ConfigLocator.locate(config);
    }
}
