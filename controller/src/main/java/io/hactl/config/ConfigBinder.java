package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@link HactlConfig} from hactl.yml: Spring Boot's Binder reads the file into
 * {@link HactlYaml} ({@link YamlBinding}), Jakarta constraints check each value
 * ({@link ConstraintChecks}), then this fills in the defaults and checks what one key cannot
 * say alone (a Hikari {@code validate()} of sorts): a value is parsed (addresses, VIPs), one
 * of several forms is chosen (passwords), keys are compared. A wrong value is reported and
 * left null, and the rest goes on, so every problem is found in one pass.
 */
final class ConfigBinder {

    static final String DB_PASSWORD_FILE = "/etc/hactl/db.password";
    static final String REPLICATION_PASSWORD_FILE = "/etc/hactl/repl.password";

    private ConfigBinder() {
    }

    static HactlConfig bind(Path file, YamlSource source, Problems c) {
        HactlYaml y = YamlBinding.bind(source, c);
        ConstraintChecks.check(y, c);
        Settings ssh = settings(c, y.ssh(), "ssh");
        List<NodeConfig> nodes = nodes(c, y.nodes(), ssh);
        VipConfig dbVip = y.vips() == null ? null : vip(c, "vips.db", y.vips().db());
        VipConfig appVip = y.vips() == null ? null : vip(c, "vips.app", y.vips().app());
        DatabaseConfig database = DatabaseBinder.read(c, y.database());
        List<ServiceConfig> services = ServicesBinder.read(c, y.services(), y.startOrder(),
                database == null ? null : database.port());
        HactlYaml.Probe p = y.probe() != null ? y.probe() : new HactlYaml.Probe(null, null, null, null);
        ProbeConfig probe = new ProbeConfig(
                c.or("probe.interval", p.interval(), Defaults.PROBE_INTERVAL),
                c.or("probe.ping_timeout", p.pingTimeout(), Defaults.PROBE_PING_TIMEOUT),
                c.or("probe.tcp_timeout", p.tcpTimeout(), Defaults.PROBE_TCP_TIMEOUT),
                c.or("probe.arp_timeout", p.arpTimeout(), Defaults.PROBE_ARP_TIMEOUT));
        BackupConfig backup = BackupBinder.read(c, y.backup());
        Path state = c.path("state_directory", y.stateDirectory(), Defaults.STATE_DIRECTORY);
        FailoverConfig failover = FailoverBinder.read(c, y.failover(), probe.interval());
        ControllerConfig controller = ControllerBinder.read(c, source, y.controller(), c.valid("cluster", y.cluster()));
        AlertsConfig alerts = AlertsBinder.read(c, y.alerts());
        Duration remind = remindInterval(c, controller.remindInterval(), alerts.remindInterval());
        // a wrong value is reported (the config is rejected) and the default kept
        Boolean follow = y.application() == null ? null : y.application().followDbMaster();
        return new HactlConfig(file, c.valid("cluster", y.cluster()), nodes, dbVip, appVip, database, services, probe,
                backup, state, failover, new ControllerConfig(controller.listenAddress(), controller.port(),
                controller.operators(), controller.openReads(), remind, controller.coordination(), controller.users()),
                new AlertsConfig(remind, alerts.flapWindow(), alerts.channels()),
                new ApplicationConfig(follow != null ? follow : Defaults.APPLICATION_FOLLOW_DB_MASTER));
    }

    /**
     * The one reminder setting, {@code controller.remind_interval}: how often a standing warning or
     * critical state is restated, in the transition log and by the alerts alike. The old
     * {@code alerts.remind_interval} is still read, with a warning naming its replacement, when
     * the controller's is not given.
     */
    private static Duration remindInterval(Problems c, Duration controllers, Duration old) {
        if (!c.has("alerts.remind_interval") || c.reported("alerts.remind_interval")) {
            return controllers;
        }
        String both = " (the transition log's reminder lines and the alerts' both)";
        if (c.has("controller.remind_interval")) {
            c.warning("alerts.remind_interval", "is deprecated and ignored: controller.remind_interval ("
                    + (controllers == null ? "wrong" : Durations.format(controllers)) + ") is the one reminder setting"
                    + both + "; remove alerts.remind_interval");
            return controllers;
        }
        c.warning("alerts.remind_interval", "is deprecated: reminders have one setting, controller.remind_interval"
                + both + "; move it there: controller: {remind_interval: " + Durations.format(old) + "}");
        return old;
    }

    /** What one ssh mapping sets; null fields were not given (or were wrong, and reported). */
    record Settings(String user, Integer port, Path key, Path knownHosts, Duration connectTimeout,
                    Duration commandTimeout) {

        static final Settings EMPTY = new Settings(null, null, null, null, null, null);

        /** These settings, with {@code base}'s where these give none. */
        Settings over(Settings base) {
            return new Settings(user != null ? user : base.user, port != null ? port : base.port,
                    key != null ? key : base.key, knownHosts != null ? knownHosts : base.knownHosts,
                    connectTimeout != null ? connectTimeout : base.connectTimeout,
                    commandTimeout != null ? commandTimeout : base.commandTimeout);
        }

        /** The effective config, defaults filled in; the key stays null when none was given. */
        SshConfig toConfig() {
            return new SshConfig(user != null ? user : Defaults.SSH_USER, port != null ? port : Defaults.SSH_PORT,
                    key, knownHosts != null ? knownHosts : Defaults.KNOWN_HOSTS,
                    connectTimeout != null ? connectTimeout : Defaults.SSH_CONNECT_TIMEOUT,
                    commandTimeout != null ? commandTimeout : Defaults.SSH_COMMAND_TIMEOUT);
        }
    }

    /** The {@code ssh} section or a node's own; host keys are always checked (there is no key to turn that off). */
    private static Settings settings(Problems c, HactlYaml.Ssh s, String at) {
        if (s == null) {
            return Settings.EMPTY;
        }
        return new Settings(c.valid(at + ".user", s.user()), c.valid(at + ".port", s.port()),
                c.path(at + ".key", s.key(), null), c.path(at + ".known_hosts", s.knownHosts(), null),
                c.valid(at + ".connect_timeout", s.connectTimeout()), c.valid(at + ".command_timeout", s.commandTimeout()));
    }

    private static List<NodeConfig> nodes(Problems c, List<HactlYaml.Node> items, Settings ssh) {
        if (items == null) {
            return List.of();   // missing: reported
        }
        List<NodeConfig> nodes = new ArrayList<>();
        List<String> withoutKey = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            HactlYaml.Node n = items.get(i);
            String at = "nodes[" + i + "]";
            String name = c.valid(at + ".name", n.name());
            String address = c.valid(at + ".address", n.address());
            if (address != null && !Ipv4.isAddress(address)) {
                c.error(at + ".address", Ipv4.whyNotAddress(address));
                address = null;
            }
            SshConfig effective = settings(c, n.ssh(), at + ".ssh").over(ssh).toConfig();
            if (effective.privateKey() == null) {
                withoutKey.add(name != null ? name : at);
            }
            nodes.add(new NodeConfig(name, address, networkInterface(c, at + ".interface",
                    c.valid(at + ".interface", n.networkInterface())), effective));
        }
        if (!withoutKey.isEmpty()) {
            c.error("ssh.key", "missing: the private key hactl logs in to the nodes with (none for "
                    + String.join(", ", withoutKey) + "): e.g. key: /etc/hactl/id_ed25519; create it with ssh-keygen"
                    + " -t ed25519 -N '' -f /etc/hactl/id_ed25519 and add the .pub to authorized_keys on each node");
        }
        return List.copyOf(nodes);
    }

    private static String networkInterface(Problems c, String key, String name) {
        if (name == null) {
            return null;
        }
        if (name.contains(":")) {
            c.error(key, "'" + name + "' is an alias label, not a device: give the device, e.g. "
                    + name.substring(0, name.indexOf(':')));
            return null;
        }
        if (name.startsWith("-")) {
            c.error(key, "'" + name + "' starts with '-': it goes into the ip and arping command lines, where"
                    + " it would read as an option; give the device's name as 'ip -br link' on the node shows it");
            return null;
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,15}")) {
            c.error(key, "'" + name + "' is not a network interface name (at most 15 letters, digits,"
                    + " '.', '_', '-'): see 'ip -br link' on the node");
            return null;
        }
        return name;
    }

    private static VipConfig vip(Problems c, String key, String text) {
        if (c.valid(key, text) == null) {
            return null;
        }
        try {
            return Ipv4.parseVip(text);
        } catch (IllegalArgumentException e) {
            c.error(key, e.getMessage());
            return null;
        }
    }
}
