package io.hactl.daemon;

import io.hactl.config.NodeConfig;
import io.hactl.config.CoordinationSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * This controller's name among the three ({@code controller.coordination.member}): the one
 * written, else the node whose address is on this machine (a controller on n1 is n1). The
 * config reader cannot decide it (the config is read on operators' machines too), so the
 * daemon does, at start; a witness host names itself or does not start.
 */
final class CoordinationMember {

    private CoordinationMember() {
    }

    static CoordinationSettings resolve(CoordinationSettings s, List<NodeConfig> nodes, List<String> localAddresses,
                                        Path file) throws ControllerDaemon.StartFailed {
        if (s.member() != null) {
            return s;
        }
        Optional<NodeConfig> here = nodes.stream().filter(n -> localAddresses.contains(n.address())).findFirst();
        if (here.isEmpty()) {
            throw new ControllerDaemon.StartFailed(CoordinationSettings.KEY + ".member is not given and no node's"
                    + " address is on this machine (addresses here: " + String.join(", ", localAddresses)
                    + "): name this controller in " + file + ", e.g. member: w (a witness host), or run it on "
                    + String.join(" or ", nodes.stream().map(NodeConfig::name).toList()), null);
        }
        return s.withMember(here.get().name());
    }
}
