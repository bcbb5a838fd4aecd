package io.hactl.config;

import java.util.Optional;

/**
 * The network device of a node, from env.conf. The old scripts put VIPs on alias labels
 * (eth0:1); hactl adds them to the device itself (eth0), so the label is cut off.
 */
record LegacyInterface(String device, String comment) {

    private static final String[] SHARED = {"NETWORK_INTERFACE", "INTERFACE", "NET_INTERFACE", "ETH",
        "MYSQL_VIRTUAL_INTERFACE", "POLOPOLY_VIRTUAL_INTERFACE", "MYSQL_INTERFACE", "POLOPOLY_INTERFACE"};

    static final LegacyInterface ASSUMED = new LegacyInterface("eth0",
            "not in env.conf: eth0 assumed, check with 'ip -br link' on the node");

    /** The device both nodes use; the other interface variables naming it are consumed. */
    static LegacyInterface find(EnvVariables vars) {
        LegacyInterface found = null;
        for (String name : SHARED) {
            Optional<EnvConfParser.Assignment> a = vars.peek(name).flatMap(vars::usable);
            if (a.isEmpty()) {
                continue;
            }
            String device = device(a.get().value());
            if (found == null) {
                vars.markUsed(a.get());
                found = new LegacyInterface(device, comment(a.get()));
            } else if (found.device.equals(device)) {
                vars.markUsed(a.get());
            } else {
                vars.unmapped(a.get(), "names device " + device + " but hactl puts both VIPs on one device per"
                        + " node (nodes[].interface: " + found.device + "); change that if " + device + " is right");
            }
        }
        return found != null ? found : ASSUMED;
    }

    /** NODE1_INTERFACE / NODE2_INTERFACE, when given. */
    static Optional<LegacyInterface> perNode(EnvVariables vars, int node) {
        return vars.take("NODE" + node + "_INTERFACE").flatMap(vars::usable)
                .map(a -> new LegacyInterface(device(a.value()), comment(a)));
    }

    private static String device(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private static String comment(EnvConfParser.Assignment a) {
        String from = a.name() + ", line " + a.line();
        return a.value().contains(":") ? from + "; " + a.value() + " was an alias label: hactl adds the VIPs to the"
                + " device" : from;
    }
}
