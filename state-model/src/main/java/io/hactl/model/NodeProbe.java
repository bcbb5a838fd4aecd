package io.hactl.model;

import java.util.List;
import java.util.Optional;

/**
 * One node as seen by one probe cycle.
 *
 * @param ping      ICMP reachability from the controller
 * @param shell     whether hactl could run a command on the node (SSH or local); its error if not
 * @param addresses the IPv4 addresses on the node's interfaces (from the node itself), empty when
 *                  the shell failed
 * @param macAddress the MAC of the node's configured interface, null when unknown
 * @param db        the database probe
 * @param services  one probe per configured service, in start order
 * @param peerView  how the other node sees this one, asked only when the controller gets no
 *                  answer from it (no ping, no shell); null when not asked
 * @param dbProcess whether the database server's process runs, from the node's shell (its pid file and
 *                  /proc); null when unknown (no shell, or no pid file known yet)
 */
public record NodeProbe(String name, String address, PingResult ping, ShellResult shell,
                        List<String> addresses, String macAddress, DbProbe db,
                        List<ServiceProbe> services, PeerView peerView, DbProcess dbProcess) {

    /** A node whose database process was not looked at. */
    public NodeProbe(String name, String address, PingResult ping, ShellResult shell, List<String> addresses,
                     String macAddress, DbProbe db, List<ServiceProbe> services, PeerView peerView) {
        this(name, address, ping, shell, addresses, macAddress, db, services, peerView, null);
    }

    /** A node probed without asking the other node (it answered the controller, or nobody asked). */
    public NodeProbe(String name, String address, PingResult ping, ShellResult shell, List<String> addresses,
                     String macAddress, DbProbe db, List<ServiceProbe> services) {
        this(name, address, ping, shell, addresses, macAddress, db, services, null);
    }

    /** The same probe with the other node's view of it added. */
    public NodeProbe withPeerView(PeerView v) {
        return new NodeProbe(name, address, ping, shell, addresses, macAddress, db, services, v, dbProcess);
    }

    /** The same probe with what the node's shell saw of its database process. */
    public NodeProbe withDbProcess(DbProcess p) {
        return new NodeProbe(name, address, ping, shell, addresses, macAddress, db, services, peerView, p);
    }

    public boolean holds(String ip) {
        return addresses.contains(ip);
    }

    public Optional<ServiceProbe> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Ping answered or a command ran there: the node is up as far as we can tell. */
    public boolean reachable() {
        return ping.reachable() || shell.ok();
    }

    public record PingResult(boolean reachable, Double rttMillis, String error) {
    }

    public record ShellResult(boolean ok, String error) {
    }
}
