package io.hactl.lab;

import java.util.List;

/**
 * One namespace of the lab: {@code hactl-NAME} whose only interface is {@code eth0} (a veth
 * whose host end {@code hactl-NAME-h} is a port of the bridge). MAC addresses are fixed
 * (derived from the IP) so they are the same after every {@code lab up}.
 *
 * <p>Two of them are the pair's nodes, n1 and n2 ({@link #ALL}: MariaDB, sshd, the
 * services); the third, {@link #W}, is the witness: a ZooKeeper member and nothing else, so
 * the ensemble has a third vote in a failure domain of its own ({@link #HOSTS}: all three).
 */
public record LabNode(String name, int index) {

    public static final LabNode N1 = new LabNode("n1", 1);
    public static final LabNode N2 = new LabNode("n2", 2);
    /** The witness (198.51.100.13): no database, no sshd, no services; a ZooKeeper member. */
    public static final LabNode W = new LabNode("w", 3);
    /** The pair: the two nodes with a database (what every MariaDB, sshd and service step walks). */
    public static final List<LabNode> ALL = List.of(N1, N2);
    /** Every namespace of the lab, the witness included: links, routes, the ZooKeeper members. */
    public static final List<LabNode> HOSTS = List.of(N1, N2, W);

    /** The pair's node with this name; IllegalArgumentException for anything else, the witness included. */
    public static LabNode of(String name) {
        for (LabNode n : ALL) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        if (W.name.equals(name)) {
            throw new IllegalArgumentException("the witness w has no database, sshd or services: name n1 or n2");
        }
        throw new IllegalArgumentException("no lab node '" + name + "' (the lab has n1 and n2)");
    }

    /** Any namespace of the lab by name, the witness included (links, routes, ZooKeeper). */
    public static LabNode host(String name) {
        for (LabNode n : HOSTS) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no lab namespace '" + name + "' (the lab has n1, n2 and the witness w)");
    }

    /** The witness, not a node of the pair. */
    public boolean witness() {
        return equals(W);
    }

    public String namespace() {
        return LabNetwork.PREFIX + name;
    }

    /** 198.51.100.11 for n1, 198.51.100.12 for n2, 198.51.100.13 for the witness. */
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

    /** MariaDB's server_id on n1 and n2; the ZooKeeper member's myid on all three. */
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
