package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How hactl logs in to a node. Host keys are always checked against {@code knownHosts};
 * there is no option to turn that off.
 */
public record SshConfig(String user, int port, Path privateKey, Path knownHosts,
                        Duration connectTimeout, Duration commandTimeout) {
}
