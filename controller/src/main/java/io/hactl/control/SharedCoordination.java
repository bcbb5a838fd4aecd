package io.hactl.control;

import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import java.util.Optional;

/**
 * What the owner thread needs of the coordination to share proposals, decisions and requests with
 * the other two controllers (issue 16, "ack anywhere"): the shared state in ZooKeeper, whether this
 * controller leads (and with which epoch), who leads. The daemon implements it over its coordinator
 * and leadership; none of it is asked without {@code controller.coordination}.
 */
public interface SharedCoordination {

    /** The shared state; null while the coordination has not started. */
    SharedState state();

    /** Granted with this controller's epoch when it leads, connected; refused with why otherwise (one ZooKeeper read). */
    StepPermission leadership();

    /** The member that leads now; empty when none does (an election under way, no quorum). */
    Optional<String> leader();

    /** This controller's name among the three (n1, n2, w). */
    String member();

    /** Null while the connection to ZooKeeper is usable; else what it is, in a sentence ("SUSPENDED since ..."). */
    String connection();
}
