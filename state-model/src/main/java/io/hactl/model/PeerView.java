package io.hactl.model;

import java.util.Map;

/**
 * How the other node sees a node (the second vantage point): asked through the other node's
 * shell when the controller itself gets no answer from the node, so that "the controller is
 * cut off" and "the node is lost" can be told apart (issue 14: APP_NODE_LOST is confirmed from
 * the other node's vantage).
 *
 * @param from      the node that looked
 * @param ping      whether the node answered ICMP from {@code from}
 * @param sshPort   whether its sshd port accepted a TCP connection from {@code from}
 * @param ports     each configured service port (and the database port) of the node: open or not
 * @param error     why the look itself failed ({@code from}'s shell failed...), null when it ran
 */
public record PeerView(String from, boolean ping, boolean sshPort, Map<Integer, Boolean> ports, String error) {

    /** It ran, and nothing of the node answered from {@code from}: the node is lost, not only cut off. */
    public boolean confirmsLost() {
        return error == null && !ping && !sshPort && ports.values().stream().noneMatch(Boolean::booleanValue);
    }

    /** In words: "from n2: no ping, ssh port closed, ports 8080 closed, 9090 closed". */
    public String words() {
        if (error != null) {
            return "from " + from + ": could not look (" + error + ")";
        }
        StringBuilder b = new StringBuilder("from " + from + ": " + (ping ? "ping answers" : "no ping") + ", ssh port "
                + (sshPort ? "open" : "closed"));
        ports.forEach((port, open) -> b.append(", port ").append(port).append(open ? " open" : " closed"));
        return b.toString();
    }
}
