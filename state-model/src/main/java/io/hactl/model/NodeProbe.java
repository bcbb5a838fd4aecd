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
 */
public record NodeProbe(String name, String address, PingResult ping, ShellResult shell,
                        List<String> addresses, String macAddress, DbProbe db,
                        List<ServiceProbe> services) {

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
