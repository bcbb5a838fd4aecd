package io.hactl.selffence;

import java.time.Duration;

/**
 * Whether a node's controller, its ZooKeeper connection gone, must fence its own node: one pure
 * function from what it sees to a verdict with its sentence (issue 13 row 6, issue 16).
 *
 * <p>The rule: a node may keep the DB VIP and stay writable only while its controller is in the
 * quorum or still reaches the other node. Cut off from both, it cannot know whether the other side
 * has failed it over (they may, once its ZooKeeper session expires), so it gives up writes itself,
 * before that session can expire: when its link comes back, it takes no write a new master never
 * sees. Cut off from ZooKeeper only (the peer answers), it is not isolated — ZooKeeper is what is
 * lost, nobody can lead or fail over — and the pair keeps serving as it is.
 */
public final class Isolation {

    private Isolation() {
    }

    /**
     * What the controller sees.
     *
     * @param node        this controller's node (the one it would fence)
     * @param connected   its ZooKeeper connection is usable again (CONNECTED, RECONNECTED)
     * @param downFor     how long it has been unusable
     * @param peer        the other node's name
     * @param peerAnswer  what answered on the other node ("198.51.100.12:3306"), or null when nothing did
     * @param peerSilence why nothing answered there (the connect errors), or null when something did
     */
    public record Facts(String node, boolean connected, Duration downFor, String peer, String peerAnswer,
                        String peerSilence) {
    }

    /** Fence or not, and the sentence for the log and the daemon's output. */
    public record Verdict(boolean fence, String sentence) {
    }

    public static Verdict decide(Facts f) {
        String lost = "ZooKeeper unusable for " + millis(f.downFor());
        if (f.connected()) {
            return new Verdict(false, "not fencing " + f.node() + ": the ZooKeeper connection is back");
        }
        if (f.peerAnswer() != null) {
            return new Verdict(false, "not fencing " + f.node() + " (" + lost + "): " + f.peer() + " answers at "
                    + f.peerAnswer() + ", so " + f.node() + " is not cut off from the pair; ZooKeeper is what is lost"
                    + " (nobody leads, nobody fails over): the pair keeps serving as it is");
        }
        return new Verdict(true, f.node() + " is cut off (" + lost + "; " + f.peer() + " does not answer: "
                + f.peerSilence() + "): fencing " + f.node() + " itself (DB VIP detached, read-only, client sessions"
                + " ended) before its ZooKeeper session can expire and the others fail it over; when its link"
                + " comes back it takes no write the new master would not see");
    }

    private static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
