package io.hactl.node;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import io.hactl.config.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Fetches a node's SSH host key (without logging in) so an operator can check its
 * fingerprint, and appends it to the known_hosts file.
 */
public final class HostKeyTrust {

    private HostKeyTrust() {
    }

    /** A host key as presented by the node. */
    public record Presented(String host, String type, String base64, String fingerprint) {
        public String knownHostsLine() {
            return host + " " + type + " " + base64;
        }
    }

    public static Presented fetch(NodeConfig node) throws SshShell.SshException {
        Capture capture = new Capture();
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(capture);
        try {
            Session s = jsch.getSession(node.ssh().user(), node.address(), node.ssh().port());
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setUserInfo(null);
            s.connect((int) node.ssh().connectTimeout().toMillis());
            s.disconnect();
        } catch (JSchException e) {
            if (capture.key == null) {
                throw new SshShell.SshException("node " + node.name() + ": cannot fetch the host key from "
                        + node.address() + ":" + node.ssh().port() + ": " + e.getMessage());
            }
        }
        try {
            HostKey hk = new HostKey(capture.host, capture.key);
            return new Presented(capture.host, hk.getType(), hk.getKey(), hk.getFingerPrint(jsch));
        } catch (JSchException e) {
            throw new SshShell.SshException("node " + node.name() + ": unreadable host key: " + e.getMessage());
        }
    }

    /** Lines of the known_hosts file that already name this host (exact host field match). */
    public static List<String> existing(Path knownHosts, String host) throws IOException {
        if (!Files.exists(knownHosts)) {
            return List.of();
        }
        return Files.readAllLines(knownHosts, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .filter(l -> List.of(l.split("\\s+")[0].split(",")).contains(host))
                .toList();
    }

    public static void append(Path knownHosts, Presented key) throws IOException {
        if (knownHosts.getParent() != null) {
            Files.createDirectories(knownHosts.getParent());
        }
        Files.writeString(knownHosts, key.knownHostsLine() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Records the presented key and says it is not known, so the connection stops before login. */
    private static final class Capture implements HostKeyRepository {
        String host;
        byte[] key;

        @Override
        public int check(String host, byte[] key) {
            this.host = host;
            this.key = key;
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "hactl-capture";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
