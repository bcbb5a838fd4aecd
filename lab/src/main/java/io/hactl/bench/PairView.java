package io.hactl.bench;

import io.hactl.lab.Lab;
import io.hactl.lab.LabException;
import io.hactl.lab.LabNetwork;
import io.hactl.lab.LabNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pair as the lab shows it, read from inside (each node's socket and addresses, which a
 * cut link does not hide): who is writable, who holds the DB VIP, who replicates from whom.
 * What the torture run judges an outcome on, and where it looks for the final master.
 */
record PairView(Map<String, Node> nodes) {

    /**
     * One node.
     *
     * @param up         its MariaDB answered through the socket
     * @param readOnly   @@read_only (meaningless when not up)
     * @param vip        it holds the DB VIP
     * @param masterHost the address it replicates from, "" when none
     * @param io         Slave_IO_Running ("" when no replication)
     * @param sql        Slave_SQL_Running
     */
    record Node(String name, boolean up, boolean readOnly, boolean vip, String masterHost, String io, String sql) {

        boolean writable() {
            return up && !readOnly;
        }

        boolean replicatesFrom(String node) {
            return up && LabNode.of(node).address().equals(masterHost) && "Yes".equals(io) && "Yes".equals(sql);
        }

        /** "n1 writable, DB VIP" / "n2 read-only, replica of 198.51.100.11 (IO Yes, SQL Yes)" / "n1 down". */
        String describe() {
            if (!up) {
                return name + " down" + (vip ? ", DB VIP" : "");
            }
            return name + (readOnly ? " read-only" : " writable") + (vip ? ", DB VIP" : "")
                    + (masterHost.isEmpty() ? "" : ", replica of " + masterHost + " (IO " + io + ", SQL " + sql + ")");
        }
    }

    static PairView read(Lab lab) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (LabNode n : LabNode.ALL) {
            boolean vip = lab.nsExec(n.name(), "ip", "-4", "-o", "addr", "show", "dev", LabNetwork.IFACE).out()
                    .contains(" " + LabNetwork.DB_VIP + "/");
            try {
                boolean ro = lab.sqlAsRoot(n.name(), "SELECT @@read_only").strip().equals("1");
                Map<String, String> s = lab.replicaStatus(n.name());
                m.put(n.name(), new Node(n.name(), true, ro, vip, s.getOrDefault("Master_Host", ""),
                        s.getOrDefault("Slave_IO_Running", ""), s.getOrDefault("Slave_SQL_Running", "")));
            } catch (LabException e) {
                m.put(n.name(), new Node(n.name(), false, true, vip, "", "", ""));
            }
        }
        return new PairView(m);
    }

    Node node(String name) {
        return nodes.get(name);
    }

    /** The node that is writable and holds the DB VIP, or null (none, or two). */
    String master() {
        String found = null;
        for (Node n : nodes.values()) {
            if (n.writable() && n.vip()) {
                if (found != null) {
                    return null;
                }
                found = n.name();
            }
        }
        return found;
    }

    /** How many nodes are writable. */
    long writable() {
        return nodes.values().stream().filter(Node::writable).count();
    }

    String describe() {
        return String.join("; ", nodes.values().stream().map(Node::describe).toList());
    }

    /** The other node's name. */
    static String other(String node) {
        return node.equals("n1") ? "n2" : "n1";
    }
}
