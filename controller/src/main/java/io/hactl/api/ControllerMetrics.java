package io.hactl.api;

import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import io.hactl.state.ClusterState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The controller's gauges, each read from {@link ControllerService#status()} at scrape time:
 * {@code hactl_cluster_state{cluster,state}} (1 for the current state, 0 for the others),
 * {@code hactl_probe_cycle_seconds} (the last cycle's duration), {@code hactl_replica_lag_seconds}
 * (NaN when there is no replica figure), {@code hactl_proposals_pending} and the counter
 * {@code hactl_probe_cycles_total}.
 */
public final class ControllerMetrics implements MeterBinder {

    private final ControllerService service;
    private final String cluster;

    public ControllerMetrics(ControllerService service, String cluster) {
        this.service = service;
        this.cluster = cluster == null ? "" : cluster;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ClusterState state : ClusterState.values()) {
            Gauge.builder("hactl.cluster.state", service, of(s -> s.state() == state ? 1 : 0))
                    .description("1 for the cluster's current state, 0 for the others")
                    .tags("cluster", cluster, "state", state.name()).register(registry);
        }
        Gauge.builder("hactl.probe.cycle.seconds", service, of(s -> s.lastCycleMillis() / 1000.0))
                .description("How long the last probe cycle took").tag("cluster", cluster).register(registry);
        Gauge.builder("hactl.replica.lag.seconds", service,
                        of(s -> s.replicaLagSeconds() == null ? Double.NaN : s.replicaLagSeconds()))
                .description("The replica's Seconds_Behind_Master (NaN: no replica figure)").tag("cluster", cluster)
                .register(registry);
        Gauge.builder("hactl.proposals.pending", service,
                        of(s -> s.proposals() == null ? 0 : s.proposals().stream().filter(p -> p.pending()).count()))
                .description("Proposals waiting for an operator (hactl proposals)").tag("cluster", cluster)
                .register(registry);
        FunctionCounter.builder("hactl.probe.cycles", service, of(s -> s.cycles()))
                .description("Probe cycles since the controller started").tag("cluster", cluster).register(registry);
    }

    /** A status reader that yields NaN when there is no status yet or it cannot be read. */
    private static ToDoubleFunction<ControllerService> of(ToDoubleFunction<ControllerStatus> f) {
        return svc -> {
            try {
                ControllerStatus s = svc.status();
                return s == null ? Double.NaN : f.applyAsDouble(s);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
