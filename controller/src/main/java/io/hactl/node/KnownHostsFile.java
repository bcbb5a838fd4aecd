package io.hactl.node;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A known_hosts file read the way {@link SshShell}'s JSch reads it, so that {@code hactl ssh
 * trust} and the connection agree on what is trusted: hashed host names ({@code |1|salt|hash},
 * as {@code ssh-keygen -H} and {@code HashKnownHosts yes} write them), {@code [address]:port}
 * entries with JSch's fall-back to the bare address, {@code @revoked} markers. Matching the
 * text of the lines instead missed hashed entries, and a changed key was appended beside the
 * old one, which JSch then accepted.
 */
public final class KnownHostsFile {

    /** One line of the file that names the host. */
    public record Entry(int line, String marker, String type, String fingerprint, boolean hashed, String removeAs,
                 boolean sameKey) {
    }

    /** For fingerprints only (the hash JSch is configured with: SHA256). */
    private static final JSch JSCH = new JSch();

    private final byte[] content;

    private KnownHostsFile(byte[] content) {
        this.content = content;
    }

    /** The file as it is now; a missing file is an empty one (JSch reads it so too). */
    static KnownHostsFile read(Path file) throws IOException {
        return new KnownHostsFile(Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
    }

    /**
     * What JSch answers when {@code host} (as JSch names it: the address, or {@code [address]:port}
     * off port 22) presents {@code key}: {@link HostKeyRepository#OK}, {@code NOT_INCLUDED} or
     * {@code CHANGED}.
     */
    int check(String host, byte[] key) throws IOException {
        return repository(content).check(host, key);
    }

    /**
     * Every line that names {@code host} (host-key lines and {@code @revoked} ones; not
     * {@code @cert-authority}), with its line number (1-based) and whether it holds {@code key}.
     */
    List<Entry> entries(String host, byte[] key) throws IOException {
        String bare = bare(host);
        List<Entry> found = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.ISO_8859_1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            byte[] one = lines[i].getBytes(StandardCharsets.ISO_8859_1);
            HostKeyRepository r = repository(one);
            HostKey[] matches = r.getHostKey(host, null);
            if (matches.length == 0) {
                continue;
            }
            HostKey hk = matches[0];
            if ("@cert-authority".equals(hk.getMarker())) {
                continue;
            }
            // JSch lists a line once for [address]:port and once more when it also names the bare address
            boolean onlyBare = !bare.equals(host) && r.getHostKey(bare, null).length == matches.length;
            byte[] blob = Base64.getDecoder().decode(hk.getKey());
            found.add(new Entry(i + 1, hk.getMarker(), hk.getType(), hk.getFingerPrint(JSCH),
                    hk.getHost().startsWith("|1|"), onlyBare ? bare : host, Arrays.equals(blob, key)));
        }
        return found;
    }

    /** True when the file's last byte ends a line (or it is empty): an appended line starts on its own. */
    boolean endsWithNewline() {
        return content.length == 0 || content[content.length - 1] == '\n';
    }

    /** {@code [address]:port} → address; anything else unchanged. */
    static String bare(String host) {
        int close = host.indexOf("]:");
        return host.startsWith("[") && close > 1 ? host.substring(1, close) : host;
    }

    private static HostKeyRepository repository(byte[] bytes) throws IOException {
        JSch jsch = new JSch();
        try {
            jsch.setKnownHosts(new ByteArrayInputStream(bytes));
        } catch (JSchException e) {
            throw new IOException("unreadable known_hosts: " + e.getMessage(), e);
        }
        return jsch.getHostKeyRepository();
    }
}
