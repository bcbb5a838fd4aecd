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
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fetches a node's SSH host key (without logging in) so an operator can check its
 * fingerprint, looks it up in the known_hosts file as the connection will ({@link KnownHostsFile}:
 * hashed entries, [address]:port), and appends it when the host has no key there yet.
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

    /**
     * What the known_hosts file says of a presented key, as the connection ({@link SshShell})
     * will judge it: NEW (nothing for this host), TRUSTED (this key), CHANGED (another key of
     * the same type), OTHER_TYPE (only keys of other types: hactl trusts one key per node, as
     * before), REVOKED (this key is marked {@code @revoked}).
     */
    public enum Verdict { NEW, TRUSTED, CHANGED, OTHER_TYPE, REVOKED }

    /** The verdict and the lines that name the host (line numbers 1-based). */
    public record Lookup(Verdict verdict, List<KnownHostsFile.Entry> entries) {

        /** The line of the trusted key, for "already trusted (line N)"; 0 when not known. */
        public int trustedLine() {
            return entries.stream().filter(e -> e.sameKey() && e.marker().isEmpty()).mapToInt(KnownHostsFile.Entry::line)
                    .findFirst().orElse(0);
        }

        /**
         * Why the key is not added, and what to do: the file, the line(s), the old and the
         * new fingerprint, and the {@code ssh-keygen -R} that removes the old key.
         */
        public String refusal(Path knownHosts, Presented key, String node) {
            if (verdict == Verdict.REVOKED) {
                KnownHostsFile.Entry r = entries.stream().filter(e -> e.sameKey() && "@revoked".equals(e.marker()))
                        .findFirst().orElseThrow();
                return String.format("%s line %d marks the key node %s presents (%s %s) as @revoked for %s: a"
                        + " withdrawn key, maybe a stolen one. Refusing; nothing was written. Give the node a new host"
                        + " key, or, if the mark is wrong, remove line %d of %s, then run hactl ssh trust %s again.",
                        knownHosts, r.line(), node, key.type(), key.fingerprint(), key.host(), r.line(), knownHosts, node);
            }
            List<KnownHostsFile.Entry> old = entries.stream().filter(e -> e.marker().isEmpty() && !e.sameKey()).toList();
            String lines = old.stream().map(e -> String.format("%s line %d (%s%s): %s %s", knownHosts, e.line(),
                    e.removeAs(), e.hashed() ? ", hashed" : "", e.type(), e.fingerprint())).collect(Collectors.joining("; "));
            String remove = old.stream().map(KnownHostsFile.Entry::removeAs).distinct()
                    .map(h -> "ssh-keygen -R " + shellWord(h) + " -f " + shellWord(knownHosts.toString())).collect(Collectors.joining(" and "));
            String what = verdict == Verdict.CHANGED ? "a DIFFERENT key"
                    : "a key of another type (hactl trusts one key per node)";
            return String.format("%s already has %s for %s: %s. Node %s presents %s %s. If %s was reinstalled"
                    + " (compare with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on its console), remove the old key"
                    + " with: %s, then run hactl ssh trust %s again; otherwise someone may be in the middle."
                    + " Refusing to add a second key; nothing was written.",
                    knownHosts, what, key.host(), lines, node, key.type(), key.fingerprint(), node, remove, node);
        }
    }

    /** What {@code knownHosts} says of {@code key}; reads it as JSch does (hashed names, [address]:port). */
    public static Lookup lookup(Path knownHosts, Presented key) throws IOException {
        KnownHostsFile file = KnownHostsFile.read(knownHosts);
        byte[] blob = Base64.getDecoder().decode(key.base64());
        List<KnownHostsFile.Entry> entries = file.entries(key.host(), blob);
        if (entries.stream().anyMatch(e -> e.sameKey() && "@revoked".equals(e.marker()))) {
            return new Lookup(Verdict.REVOKED, entries);
        }
        return switch (file.check(key.host(), blob)) {
            case HostKeyRepository.OK -> new Lookup(Verdict.TRUSTED, entries);
            case HostKeyRepository.CHANGED -> new Lookup(Verdict.CHANGED, entries);
            default -> new Lookup(entries.stream().anyMatch(e -> e.marker().isEmpty()) ? Verdict.OTHER_TYPE : Verdict.NEW,
                    entries);
        };
    }

    /** {@code h}, quoted for a shell when it holds brackets ({@code '[198.51.100.11]:2222'}). */
    static String shellWord(String h) {
        return h.matches("[A-Za-z0-9._:/@+=-]+") ? h : "'" + h.replace("'", "'\\''") + "'";
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

    public static void append(Path knownHosts, Presented key) throws IOException {
        if (knownHosts.getParent() != null) {
            Files.createDirectories(knownHosts.getParent());
        }
        // a last line without its newline (a torn write, an editor) would swallow ours
        String sep = KnownHostsFile.read(knownHosts).endsWithNewline() ? "" : "\n";
        Files.writeString(knownHosts, sep + key.knownHostsLine() + "\n", StandardCharsets.UTF_8,
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
