package io.hactl.coordination;

/**
 * The fencing token of one leadership: the epoch's number, and the version of the epoch node that
 * this leader's bump wrote. Every step the leader starts carries the number (the node checks it
 * against its epoch file); every shared-state write it makes checks the version in ZooKeeper.
 * A newer leader bumps the node, so both checks refuse the old one.
 *
 * @param number  the epoch (1, 2, 3...; 0 before any leader)
 * @param version the epoch node's ZooKeeper version after this leader's bump
 */
public record Epoch(long number, int version) {
}
