package io.hactl.config;

import java.time.Duration;

/** Probe timing: every probe has a timeout so a dead node never blocks a check. */
public record ProbeConfig(Duration interval, Duration pingTimeout, Duration tcpTimeout,
                          Duration arpTimeout) {
}
