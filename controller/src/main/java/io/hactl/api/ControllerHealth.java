package io.hactl.api;

import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health}: UP while the control loop has finished a probe cycle within the
 * last three probe intervals, DOWN otherwise (not started yet, stuck, or dead). The cluster's
 * own state is a detail, not the health: a controller watching a failed master is healthy.
 */
public final class ControllerHealth implements HealthIndicator {

    static final int INTERVALS = 3;

    private final ControllerService service;
    private final Duration probeInterval;
    private final Clock clock;

    public ControllerHealth(ControllerService service, Duration probeInterval, Clock clock) {
        this.service = service;
        this.probeInterval = probeInterval == null || probeInterval.isZero() ? Duration.ofSeconds(1) : probeInterval;
        this.clock = clock;
    }

    @Override
    public Health health() {
        ControllerStatus s = service.status();
        Duration limit = probeInterval.multipliedBy(INTERVALS);
        Instant last = s == null ? null : s.lastCycleAt();
        Health.Builder h;
        if (last == null) {
            h = Health.down().withDetail("problem", "no probe cycle has finished yet");
        } else {
            Duration age = Duration.between(last, clock.instant());
            if (age.compareTo(limit) <= 0) {
                h = Health.up();
            } else {
                h = Health.down().withDetail("problem", "the last probe cycle ended " + age.toMillis()
                        + " ms ago, more than " + INTERVALS + " probe intervals (" + limit.toMillis()
                        + " ms): the control loop is stuck or stopped; see journalctl -u hactl-controller");
            }
            h.withDetail("lastCycleAt", last.toString()).withDetail("lastCycleAgeMillis", age.toMillis());
        }
        if (s != null) {
            h.withDetail("cluster", String.valueOf(s.cluster()))
             .withDetail("state", String.valueOf(s.state()))
             .withDetail("sentence", String.valueOf(s.sentence()))
             .withDetail("cycles", s.cycles());
        }
        return h.build();
    }
}
