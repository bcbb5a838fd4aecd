package io.hactl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Turns the YAML tree into a {@link HactlConfig}, checking keys and value types and filling in
 * defaults. Where a value is missing or wrong it is reported and left null, and binding goes on.
 */
final class ConfigBinder {

    static final Set<String> TOP_KEYS = Set.of("cluster", "nodes", "ssh", "vips", "database", "services",
            "start_order", "probe", "backup", "state_directory", "failover", "controller", "alerts",
            "application");
    static final Set<String> NODE_KEYS = Set.of("name", "address", "interface", "ssh");
    static final Set<String> VIP_KEYS = Set.of("db", "app");
    static final Set<String> PROBE_KEYS = Set.of("interval", "ping_timeout", "tcp_timeout", "arp_timeout");
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]*";

    private ConfigBinder() {
    }

    static HactlConfig bind(Path source, MappingNode node, Problems problems, Locations locations) {
        YamlMap root = YamlMap.root(node, problems, locations, TOP_KEYS);
        String cluster = root.required("cluster", "a name for this pair, used in messages and notifications,"
                + " e.g. cluster: pair1");
        if (cluster != null && !cluster.matches(NAME_PATTERN)) {
            root.error("cluster", "'" + cluster + "' is not a name: use letters, digits, '.', '_' and '-'");
            cluster = null;
        }
        SshBinder.Settings ssh = SshBinder.read(root.map("ssh", SshBinder.KEYS, SshBinder.HINTS));
        List<NodeConfig> nodes = nodes(root, ssh);
        YamlMap vips = root.map("vips", VIP_KEYS);
        if (!root.has("vips")) {
            root.missing("vips", "the two virtual IPs: vips: {db: 198.51.100.89/24, app: 198.51.100.88/24}");
        }
        VipConfig dbVip = root.has("vips") ? vip(vips, "db", "clients reach the master database") : null;
        VipConfig appVip = root.has("vips") ? vip(vips, "app", "clients reach the application") : null;
        DatabaseConfig database = DatabaseBinder.read(root);
        List<ServiceConfig> services = ServicesBinder.read(root, database == null ? null : database.port());
        YamlMap probe = root.map("probe", PROBE_KEYS);
        ProbeConfig probeConfig = new ProbeConfig(
                probe.duration("interval", Defaults.PROBE_INTERVAL),
                probe.duration("ping_timeout", Defaults.PROBE_PING_TIMEOUT),
                probe.duration("tcp_timeout", Defaults.PROBE_TCP_TIMEOUT),
                probe.duration("arp_timeout", Defaults.PROBE_ARP_TIMEOUT));
        BackupConfig backup = BackupBinder.read(root);
        Path state = root.path("state_directory", Defaults.STATE_DIRECTORY);
        FailoverConfig failover = FailoverBinder.read(root, probeConfig.interval());
        ControllerConfig controller = ControllerBinder.read(root);
        return new HactlConfig(source, cluster, nodes, dbVip, appVip, database, services, probeConfig, backup, state,
                failover, controller).withAlerts(AlertsBinder.read(root)).withApplication(ApplicationBinder.read(root));
    }

    private static List<NodeConfig> nodes(YamlMap root, SshBinder.Settings ssh) {
        if (!root.has("nodes")) {
            root.missing("nodes", "the two nodes of the pair, each with name, address and interface;"
                    + " see conf/hactl.yml");
            return List.of();
        }
        List<NodeConfig> nodes = new ArrayList<>();
        List<String> withoutKey = new ArrayList<>();
        for (YamlMap n : root.listOfMaps("nodes", NODE_KEYS)) {
            String name = n.required("name", "the node's name (used in messages and for {node} in paths), e.g. name: n1");
            if (name != null && !name.matches(NAME_PATTERN)) {
                n.error("name", "'" + name + "' is not a node name: use letters, digits, '.', '_' and '-'"
                        + " (it is put into paths and commands for {node})");
                name = null;
            }
            String address = n.required("address", "the node's own IPv4 address (not a VIP), e.g. address: 198.51.100.11");
            if (address != null && !Ipv4.isAddress(address)) {
                n.error("address", Ipv4.whyNotAddress(address));
                address = null;
            }
            String networkInterface = n.required("interface", "the network interface the VIPs are added to on this"
                    + " node, e.g. interface: eth0");
            networkInterface = checkInterface(n, networkInterface);
            SshBinder.Settings own = n.has("ssh")
                    ? SshBinder.read(n.map("ssh", SshBinder.KEYS, SshBinder.HINTS))
                    : SshBinder.Settings.EMPTY;
            SshConfig effective = own.over(ssh).toConfig();
            if (effective.privateKey() == null) {
                withoutKey.add(name != null ? name : n.path());
            }
            nodes.add(new NodeConfig(name, address, networkInterface, effective));
        }
        if (!withoutKey.isEmpty()) {
            root.errorAt(root.lineOf("ssh"), "ssh.key", "missing: the private key hactl logs in to the nodes with"
                    + " (none for " + String.join(", ", withoutKey) + "): e.g. key: /etc/hactl/id_ed25519; create"
                    + " it with ssh-keygen -t ed25519 -N '' -f /etc/hactl/id_ed25519 and add the .pub to"
                    + " authorized_keys on each node");
        }
        return List.copyOf(nodes);
    }

    private static String checkInterface(YamlMap n, String name) {
        if (name == null) {
            return null;
        }
        if (name.contains(":")) {
            n.error("interface", "'" + name + "' is an alias label, not a device: give the device, e.g. "
                    + name.substring(0, name.indexOf(':')));
            return null;
        }
        if (name.startsWith("-")) {
            n.error("interface", "'" + name + "' starts with '-': it goes into the ip and arping command lines, where"
                    + " it would read as an option; give the device's name as 'ip -br link' on the node shows it");
            return null;
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,15}")) {
            n.error("interface", "'" + name + "' is not a network interface name (at most 15 letters, digits,"
                    + " '.', '_', '-'): see 'ip -br link' on the node");
            return null;
        }
        return name;
    }

    private static VipConfig vip(YamlMap vips, String key, String purpose) {
        String text = vips.required(key, "the VIP " + purpose + " through, as address/prefix, e.g. "
                + key + ": " + (key.equals("db") ? "198.51.100.89/24" : "198.51.100.88/24"));
        if (text == null) {
            return null;
        }
        try {
            return Ipv4.parseVip(text);
        } catch (IllegalArgumentException e) {
            vips.error(key, e.getMessage());
            return null;
        }
    }
}
