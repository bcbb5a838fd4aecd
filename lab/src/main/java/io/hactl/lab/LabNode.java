package io.hactl.lab;

import java.util.List;

/**
 * One node of the lab: a network namespace {@code hactl-NAME} whose only interface is
 * {@code eth0} (a veth whose host end {@code hactl-NAME-h} is a port of the bridge).
 * MAC addresses are fixed (derived from the IP) so they are the same after every
 * {@code lab up}.
 */
public record LabNode(String name, int index) {

    public static final LabNode N1 = new LabNode("n1", 1);
    public static final LabNode N2 = new LabNode("n2", 2);
    public static final List<LabNode> ALL = List.of(N1, N2);

    /** The node with this name; IllegalArgumentException for anything else. */
    public static LabNode of(String name) {
        for (LabNode n : ALL) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no lab node '" + name + "' (the lab has n1 and n2)");
    }

    public String namespace() {
        return LabNetwork.PREFIX + name;
    }

    /** 198.51.100.11 for n1, 198.51.100.12 for n2. */
    public String address() {
        return LabNetwork.SUBNET_BASE + (10 + index);
    }

    /** The host (root namespace) end of the node's veth, a port of the bridge. */
    public String hostVeth() {
        return LabNetwork.PREFIX + name + "-h";
    }

    /** MAC of eth0 inside the node: 02:00 + the IPv4 address in hex (02:00:c6:33:64:0b). */
    public String mac() {
        return "02:00:c6:33:64:" + String.format("%02x", 10 + index);
    }

    /** MAC of the host end of the veth: 02:01:c6:33:64:0b. */
    public String hostMac() {
        return "02:01:c6:33:64:" + String.format("%02x", 10 + index);
    }

    public int serverId() {
        return index;
    }

    /** n1 is the baseline master and active application node; n2 the replica, passive. */
    public boolean baselineActive() {
        return index == 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
