package io.hactl.lab;

/**
 * The lab's network: only 198.51.100.0/24 (TEST-NET-2), on a bridge with no uplink, no
 * NAT and no default route anywhere. Every name the lab creates starts with
 * {@link #PREFIX}.
 */
public final class LabNetwork {

    public static final String PREFIX = "hactl-";
    public static final String BRIDGE = PREFIX + "br";
    public static final String SUBNET_BASE = "198.51.100.";
    public static final int PREFIX_LENGTH = 24;
    /** The bridge's address: the controller host as the nodes see it. */
    public static final String HOST_ADDRESS = SUBNET_BASE + "1";
    public static final String BRIDGE_MAC = "02:00:c6:33:64:01";
    public static final String DB_VIP = SUBNET_BASE + "89";
    public static final String APP_VIP = SUBNET_BASE + "88";
    /** The node's interface name inside its namespace. */
    public static final String IFACE = "eth0";

    private LabNetwork() {
    }

    /** "198.51.100.89" or "198.51.100.89/24" to "198.51.100.89/24"; refuses anything outside the lab subnet. */
    public static String withPrefix(String address) {
        String a = address.strip();
        String ip = a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
        if (!ip.startsWith(SUBNET_BASE) || !ip.substring(SUBNET_BASE.length()).matches("\\d{1,3}")
                || Integer.parseInt(ip.substring(SUBNET_BASE.length())) > 254) {
            throw new IllegalArgumentException("not a lab address (198.51.100.0/24 only): " + address);
        }
        return a.contains("/") ? a : a + "/" + PREFIX_LENGTH;
    }

    /** "198.51.100.89/24" to "198.51.100.89". */
    public static String bare(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address.strip() : address.substring(0, slash).strip();
    }
}
