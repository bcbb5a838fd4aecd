package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import java.time.Instant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * What {@code <base>/epoch} holds: {"epoch":7,"leader":"n1","at":"..."}. Only a new leader's bump
 * writes it (one transaction that checks the leader's latch node and the node's version); every
 * leader write of the shared state checks its version. Never delete it: a re-created node starts
 * again at 0, below the epoch files on the nodes, and every step would be refused there.
 *
 * @param epoch  0 before the first leader
 * @param leader the member that bumped it
 * @param at     when
 */
record EpochNode(long epoch, String leader, Instant at) {

    /** The node and the version it was read at. */
    record Read(EpochNode node, int version) {
    }

    byte[] bytes() {
        return Json.bytes(this);
    }

    String describe() {
        return "epoch " + epoch + (leader == null ? "" : " (leader " + leader + " since " + Connection.clock(at) + ")");
    }

    static Read read(CuratorFramework client, String path) throws Exception {
        Stat stat = new Stat();
        byte[] data = client.getData().storingStatIn(stat).forPath(path);
        EpochNode node = data == null || data.length == 0 ? new EpochNode(0, null, null)
                : Json.read(data, EpochNode.class, path);
        return new Read(node, stat.getVersion());
    }

    static EpochNode read(CuratorFramework client, CoordinationSettings settings) throws Exception {
        return read(client, settings.path("epoch")).node();
    }

    /** Creates the node at epoch 0 when the tree is new; an existing node is left as it is. */
    static void ensure(CuratorFramework client, String path) throws Exception {
        if (client.checkExists().forPath(path) != null) {
            return;
        }
        try {
            client.create().creatingParentContainersIfNeeded().forPath(path, new EpochNode(0, null, null).bytes());
        } catch (KeeperException.NodeExistsException raced) {
            // another controller created it first
        }
    }
}
