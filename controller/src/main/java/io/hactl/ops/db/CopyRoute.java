package io.hactl.ops.db;

/**
 * Which way the physical rebuild's copy travels ({@code database.copy.direct: auto|off}), and the
 * sentence that says why, printed and logged before the copy. Direct: mariadb-backup's stream
 * goes from the master straight to the node (socat on both ends, both started by this process over
 * SSH), so the bytes cross the network once and not through this machine; it needs socat on both
 * nodes and the node's copy port reachable from the master, checked with a probe connection.
 * Otherwise (or with {@code off}) the stream passes through this machine inside the two SSH
 * sessions, as before: slower, but encrypted and with no port of its own.
 */
final class CopyRoute {

    /**
     * What the choice looks at.
     *
     * @param auto        database.copy.direct is auto (false: off)
     * @param nodeSocat   {@code socat -V}'s version line on the node to rebuild; null when it has none
     * @param masterSocat the same on the master
     * @param unreachable why the master's probe connection did not reach the node's listener; null when it did
     *                    (or was not tried)
     */
    record Facts(String node, String nodeAddress, String master, boolean auto, int port, String nodeSocat,
                 String masterSocat, String unreachable) {
    }

    /** Direct or not, and why (one sentence). */
    record Route(boolean direct, String why) {
    }

    private CopyRoute() {
    }

    /** Whether the probe connection is worth making: auto, and socat on both nodes. */
    static boolean needsProbe(Facts f) {
        return f.auto() && f.nodeSocat() != null && f.masterSocat() != null;
    }

    static Route choose(Facts f) {
        String via = "through this machine, " + f.master() + " -> hactl -> " + f.node() + ", inside SSH"
                + " (database.copy.direct: " + (f.auto() ? "auto" : "off") + ")";
        if (!f.auto()) {
            return new Route(false, via);
        }
        for (String[] side : new String[][] {{f.node(), f.nodeSocat()}, {f.master(), f.masterSocat()}}) {
            if (side[1] == null) {
                return new Route(false, via + ": " + side[0] + " has no socat (Debian package socat: install it on"
                        + " both nodes for the direct stream)");
            }
        }
        String where = f.nodeAddress() + ":" + f.port();
        if (f.unreachable() != null) {
            return new Route(false, via + ": " + f.master() + " cannot reach " + f.node() + " on " + where + " ("
                    + f.unreachable() + "); open that port between the nodes or choose another (database.copy.port)");
        }
        return new Route(true, "direct " + f.master() + " -> " + f.node() + " (database.copy.direct: auto): both nodes"
                + " have socat and " + f.master() + " reaches " + f.node() + " on " + where + "; plain TCP on the"
                + " nodes' network (database.copy.direct: off keeps it inside SSH)");
    }
}
