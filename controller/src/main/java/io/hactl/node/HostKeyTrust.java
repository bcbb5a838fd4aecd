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

        /** The key {@code blob} (SSH wire format) presented under {@code host} (as JSch names it: {@code [addr]:port} off port 22). */
        public static Presented of(String host, byte[] blob) throws JSchException {
            HostKey hk = new HostKey(host, blob);
            return new Presented(host, hk.getType(), hk.getKey(), hk.getFingerPrint(new JSch()));
        }
    }

    /** Fetches a node's host key ({@link #fetch} in production). */
    public interface Fetcher {
        Presented fetch(NodeConfig node) throws SshShell.SshException;
    }

    /** What the known_hosts file says of a presented key. */
    public enum Verdict { NEW, TRUSTED, CHANGED }

    /** The verdict and the lines of the file that name the host. */
    public record Lookup(Verdict verdict, List<String> lines) {

        /** Why the key is not added, and what to do. */
        public String refusal(Path knownHosts, Presented key, String node) {
            return String.format("%s already has a DIFFERENT key for %s (%d line(s)). If the node was reinstalled,"
                    + " remove those lines first; refusing to add a second key.", knownHosts, key.host(), lines.size());
        }
    }

    public static Lookup lookup(Path knownHosts, Presented key) throws IOException {
        List<String> existing = existing(knownHosts, key.host());
        if (existing.stream().anyMatch(l -> l.contains(key.base64()))) {
            return new Lookup(Verdict.TRUSTED, existing);
        }
        return new Lookup(existing.isEmpty() ? Verdict.NEW : Verdict.CHANGED, existing);
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
            return Presented.of(capture.host, capture.key);
        } catch (JSchException e) {
            throw new SshShell.SshException("node " + node.name() + ": unreadable host key: " + e.getMessage());
        }
    }

    /** Lines of the known_hosts file that already name this host (exact host field match). */
    static List<String> existing(Path knownHosts, String host) throws IOException {
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
