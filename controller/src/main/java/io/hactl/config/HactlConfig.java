package io.hactl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One pair, as described by one YAML file (see conf/hactl.yml). Immutable; built and
 * validated by {@link ConfigLoader}. Services are in start order.
 */
public record HactlConfig(
        Path source,
        String clusterName,
        List<NodeConfig> nodes,
        VipConfig dbVip,
        VipConfig appVip,
        DatabaseConfig database,
        List<ServiceConfig> services,
        ProbeConfig probe,
        BackupConfig backup,
        Path stateDirectory,
        FailoverConfig failover,
        ControllerConfig controller,
        AlertsConfig alerts,
        ApplicationConfig application) {

    /** The form before the controller's sections: their defaults. */
    public HactlConfig(Path source, String clusterName, List<NodeConfig> nodes, VipConfig dbVip, VipConfig appVip,
                       DatabaseConfig database, List<ServiceConfig> services, ProbeConfig probe, BackupConfig backup,
                       Path stateDirectory) {
        this(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup, stateDirectory,
                FailoverConfig.defaults(), ControllerConfig.defaults());
    }

    /** The form before the alerts section: no alerts. */
    public HactlConfig(Path source, String clusterName, List<NodeConfig> nodes, VipConfig dbVip, VipConfig appVip,
                       DatabaseConfig database, List<ServiceConfig> services, ProbeConfig probe, BackupConfig backup,
                       Path stateDirectory, FailoverConfig failover, ControllerConfig controller) {
        this(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup, stateDirectory, failover,
                controller, AlertsConfig.none());
    }

    /** The form before the application section: its defaults (the application follows the DB master). */
    public HactlConfig(Path source, String clusterName, List<NodeConfig> nodes, VipConfig dbVip, VipConfig appVip,
                       DatabaseConfig database, List<ServiceConfig> services, ProbeConfig probe, BackupConfig backup,
                       Path stateDirectory, FailoverConfig failover, ControllerConfig controller, AlertsConfig alerts) {
        this(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup, stateDirectory, failover,
                controller, alerts, ApplicationConfig.defaults());
    }

    /** This config with {@code alerts} (the {@code alerts:} section). */
    public HactlConfig withAlerts(AlertsConfig alerts) {
        return new HactlConfig(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup,
                stateDirectory, failover, controller, alerts, application);
    }

    /** This config with {@code controller} (the {@code controller:} section). */
    public HactlConfig withController(ControllerConfig controller) {
        return new HactlConfig(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup,
                stateDirectory, failover, controller, alerts, application);
    }

    /** This config with {@code application} (the {@code application:} section). */
    public HactlConfig withApplication(ApplicationConfig application) {
        return new HactlConfig(source, clusterName, nodes, dbVip, appVip, database, services, probe, backup,
                stateDirectory, failover, controller, alerts, application);
    }

    /** Where backups are written ({@code backup.directory}). */
    public Path backupDirectory() {
        return backup == null ? null : backup.directory();
    }

    public Optional<NodeConfig> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<ServiceConfig> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The other node of the pair. */
    public NodeConfig peerOf(NodeConfig node) {
        return nodes.stream().filter(n -> !n.name().equals(node.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no peer for node " + node.name()));
    }
}
