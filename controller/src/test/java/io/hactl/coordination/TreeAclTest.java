package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.config.CoordinationSettings;
import io.hactl.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** controller.coordination.password_file: the tree's ACL, with a real ZooKeeper server. */
class TreeAclTest {

    static final String PASSWORD = "the-zk-password-0123";

    @TempDir
    Path dir;

    TestingServer zk;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = Ensembles.server();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zk.close();
    }

    private Path passwordFile(String name, String password) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, password + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private CoordinationSettings settings(String member, Path passwordFile) {
        CoordinationSettings s = Ensembles.settings(zk.getConnectString(), member);
        return passwordFile == null ? s : new CoordinationSettings(s.connect(), s.cluster(), s.member(),
                s.sessionTimeout(), s.connectionTimeout(), Secret.file(passwordFile));
    }

    /** A controller that leads: the tree exists, with its latch, its epoch. */
    private Coordinator leader(CoordinationSettings s) {
        Coordinator c = Coordinator.start(s, e -> { }, Clock.systemUTC());
        open.add(c);
        Leadership l = Leadership.start(c);
        open.add(l);
        await().atMost(Ensembles.PATIENCE).until(() -> l.mayStartSteps().granted());
        return c;
    }

    private CuratorFramework client(String password) throws Exception {
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
                .retryPolicy(new RetryOneTime(100));
        if (password != null) {
            b.authorization("digest", ("hactl:" + password).getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework c = b.build();
        c.start();
        open.add(c);
        assertThat(c.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return c;
    }

    private static List<String> tree(CuratorFramework c, String path) throws Exception {
        List<String> all = new ArrayList<>(List.of(path));
        for (String child : c.getChildren().forPath(path)) {
            all.addAll(tree(c, path + "/" + child));
        }
        return all;
    }

    @Test
    @DisplayName("With the password, every node of /hactl/<cluster> gives only the controllers access: a client"
            + " without it can neither read nor write the tree")
    void withThePasswordAnUnauthenticatedClientCanNeitherReadNorWriteTheTree() throws Exception {
        leader(settings("n1", passwordFile("zk.password", PASSWORD)));
        String base = "/hactl/shop";

        CuratorFramework controllers = client(PASSWORD);
        List<String> nodes = tree(controllers, base);
        assertThat(nodes).contains(base + "/epoch", base + "/leader");
        for (String n : nodes) {
            List<ACL> acl = controllers.getACL().forPath(n);
            assertThat(acl).as(n).singleElement().satisfies(a -> {
                assertThat(a.getId().getScheme()).isEqualTo("digest");
                assertThat(a.getId().getId()).startsWith("hactl:").doesNotContain(PASSWORD);
                assertThat(a.getPerms()).isEqualTo(ZooDefs.Perms.ALL);
            });
        }

        CuratorFramework stranger = client(null);
        assertThatThrownBy(() -> stranger.getData().forPath(base + "/epoch"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.getChildren().forPath(base + "/leader"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.setData().forPath(base + "/epoch", "{\"epoch\":99}".getBytes()))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.create().forPath(base + "/leader/x", new byte[0]))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.delete().forPath(base + "/epoch"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        CuratorFramework wrong = client("not-the-password");
        assertThatThrownBy(() -> wrong.getData().forPath(base + "/epoch"))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    @DisplayName("A controller with a wrong password is refused with a clear error naming the key and the file")
    void aControllerWithAWrongPasswordGetsAClearErrorNamingTheKeyAndTheFile() throws Exception {
        leader(settings("n1", passwordFile("zk.password", PASSWORD)));
        Path wrongFile = passwordFile("wrong.password", "not-the-password");
        Coordinator wrong = Coordinator.start(settings("n2", wrongFile), e -> { }, Clock.systemUTC());
        open.add(wrong);

        assertThatThrownBy(wrong::checkAccess)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ZooKeeper refused this controller's password for /hactl/shop (NoAuth)")
                .hasMessageContaining(wrongFile.toString())
                .hasMessageContaining("controller.coordination.password_file")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    @DisplayName("A controller without a password facing a protected tree is told to give password_file")
    void aControllerWithoutAPasswordFacingAProtectedTreeIsToldToGivePasswordFile() throws Exception {
        leader(settings("n1", passwordFile("zk.password", PASSWORD)));
        Coordinator none = Coordinator.start(settings("w", null), e -> { }, Clock.systemUTC());
        open.add(none);
        assertThatThrownBy(none::checkAccess).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("protected by a password")
                .hasMessageContaining("give controller.coordination.password_file");
    }

    @Test
    @DisplayName("Without a password the tree stays open; a controller given one later closes the tree at its start")
    void anOpenTreeIsClosedWhenTheControllersGetAPassword() throws Exception {
        Coordinator first = Coordinator.start(settings("n1", null), e -> { }, Clock.systemUTC());
        Leadership l = Leadership.start(first);
        await().atMost(Ensembles.PATIENCE).until(() -> l.mayStartSteps().granted());
        CuratorFramework stranger = client(null);
        assertThat(stranger.getData().forPath("/hactl/shop/epoch")).isNotEmpty();
        l.close(); // the controllers stop, get the password, start again
        first.close();

        Coordinator secured = Coordinator.start(settings("n1", passwordFile("zk.password", PASSWORD)), e -> { },
                Clock.systemUTC());
        open.add(secured);
        secured.checkAccess();
        assertThatThrownBy(() -> stranger.getData().forPath("/hactl/shop/epoch"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.getChildren().forPath("/hactl/shop"))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }
}
