package io.hactl.model;

import java.util.List;
import java.util.Map;

/**
 * A VIP: which nodes have it on an interface (each node's own view), and which MAC
 * addresses answer ARP for it on the segment. Two MACs answering is an IP conflict.
 *
 * @param holders       names of nodes whose interface list includes the VIP
 * @param answeringMacs distinct MACs that answered ARP for the VIP, lower case
 * @param macOwners     MAC to node name, for the MACs hactl knows; foreign MACs are absent
 * @param arpError      why the ARP probe could not run, null when it ran
 */
public record VipProbe(String address, List<String> holders, List<String> answeringMacs,
                       Map<String, String> macOwners, String arpError) {

    public boolean conflict() {
        return answeringMacs.size() > 1 || holders.size() > 1;
    }
}
