package io.hactl.config;

/** One node of the pair: where it is and how to reach it. */
public record NodeConfig(String name, String address, String networkInterface, SshConfig ssh) {
}
