package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Who may touch the pair's tree in ZooKeeper ({@code controller.coordination.password_file}). With a
 * password, the controllers authenticate as the digest identity {@code hactl:<password>} and every
 * node of {@code /hactl/<cluster>} they create gives that identity, and only it, every right: a
 * client that reaches a ZooKeeper member without the password can neither read nor change the
 * tree (elect itself, acknowledge, rewrite the epoch). {@code /hactl} itself stays open, so pairs
 * with other passwords can share one ensemble. Without a password: open ACLs, as ZooKeeper's default.
 */
final class TreeAcl implements ACLProvider {

    static final String SCHEME = "digest";
    static final String USER = "hactl";

    private final String base;
    private final List<ACL> ours;

    private TreeAcl(String base, List<ACL> ours) {
        this.base = base;
        this.ours = ours;
    }

    /** The ACLs for {@code settings}'s tree; {@code password} null for an open tree. */
    static TreeAcl of(CoordinationSettings settings, String password) {
        if (password == null) {
            return new TreeAcl(settings.basePath(), ZooDefs.Ids.OPEN_ACL_UNSAFE);
        }
        try {
            String digest = DigestAuthenticationProvider.generateDigest(USER + ":" + password);
            // not List.of: ZooKeeper asks the list whether it contains null, which List.of answers with a throw
            return new TreeAcl(settings.basePath(), Collections.singletonList(new ACL(ZooDefs.Perms.ALL,
                    new Id(SCHEME, digest))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1 for ZooKeeper's digest ACLs: " + e.getMessage(), e);
        }
    }

    /** What Curator sends to authenticate ({@code hactl:<password>}): never logged. */
    static byte[] auth(String password) {
        return (USER + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** The ACL every node of the tree should carry. */
    List<ACL> tree() {
        return ours;
    }

    boolean inTree(String path) {
        return path != null && (path.equals(base) || path.startsWith(base + "/"));
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return ours;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return inTree(path) ? ours : ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }
}
