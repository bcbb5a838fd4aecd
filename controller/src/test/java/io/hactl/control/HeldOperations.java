package io.hactl.control;

import io.hactl.config.NodeConfig;
import io.hactl.state.Proposal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The controller's operations for its race tests: each records what started ("p-1 by alice",
 * "switchover to n2 by bob") and, while held, blocks until the test releases it.
 */
final class HeldOperations implements ControlLoop.Operations {

    /** What started, in order. */
    final List<String> started = new CopyOnWriteArrayList<>();
    /** Counted down when an operation starts. */
    final CountDownLatch oneStarted = new CountDownLatch(1);
    private volatile CountDownLatch release;

    /** {@code held}: operations block until {@link #release()}; else they end at once until {@link #hold()}. */
    HeldOperations(boolean held) {
        release = new CountDownLatch(held ? 1 : 0);
    }

    /** The operations that start from now on block until {@link #release()}. */
    void hold() {
        release = new CountDownLatch(1);
    }

    void release() {
        release.countDown();
    }

    @Override
    public ProposalRunner.Result run(Proposal p, String who, String comment) {
        return held(p.id() + " by " + who);
    }

    @Override
    public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
        return held("switchover to " + node.name() + " by " + who);
    }

    private ProposalRunner.Result held(String what) {
        started.add(what);
        oneStarted.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProposalRunner.Result(0, "done");
    }
}
