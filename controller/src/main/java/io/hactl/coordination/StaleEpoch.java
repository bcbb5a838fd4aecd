package io.hactl.coordination;

import io.hactl.pair.Refused;

/**
 * A leader write refused because a newer leader bumped the epoch since this controller's bump:
 * this controller was deposed (a pause, a partition) and changes nothing. Names both epochs.
 */
public final class StaleEpoch extends Refused {

    private final long ours;
    private final long current;

    StaleEpoch(long ours, EpochNode current) {
        super("this controller's epoch " + ours + " is stale: ZooKeeper holds " + current.describe()
                + "; a deposed leader changes nothing", "nothing to do here: this controller follows now"
                + (current.leader() == null ? "" : "; " + current.leader() + " leads") + " (hactl status shows it)");
        this.ours = ours;
        this.current = current.epoch();
    }

    public long ours() {
        return ours;
    }

    public long current() {
        return current;
    }
}
