package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.hactl.config.ConfigFixture;
import io.hactl.node.HostKeyTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hactl ssh trust NODE --yes} against known_hosts files as OpenSSH writes them: hashed
 * entries ({@code ssh-keygen -H}), {@code [address]:port} entries, markers. The node's key is
 * presented by the test (a key pair made by JSch) instead of fetched from an sshd.
 */
class SshTrustTest {

    static final String N1 = "198.51.100.11";

    @TempDir
    Path dir;

    ConfigFixture files;
    Path knownHosts;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    byte[] oldKey;
    byte[] newKey;

    @BeforeEach
    void setUp() throws Exception {
        files = new ConfigFixture(dir);
        knownHosts = dir.resolve("known_hosts");
        JSch jsch = new JSch();
        oldKey = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
        newKey = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
    }

    /** hactl ssh trust n1 --yes, n1 on {@code sshPort}, presenting {@code key} under the host JSch would name. */
    int trust(int sshPort, byte[] key) throws IOException {
        String yaml = files.compactYaml(ConfigFixture.TOMCAT);
        if (sshPort != 22) {
            yaml = yaml.replace("{name: n1, address: " + N1 + ", interface: eth0}",
                    "{name: n1, address: " + N1 + ", interface: eth0, ssh: {port: " + sshPort + "}}");
        }
        Path config = files.write(yaml);
        SshCommand.Trust cmd = new SshCommand.Trust();
        cmd.fetch = node -> {
            try {
                return HostKeyTrust.Presented.of(host(sshPort), key);
            } catch (JSchException e) {
                throw new AssertionError(e);
            }
        };
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute("--config", config.toString(), "n1", "--yes");
    }

    static String host(int sshPort) {
        return sshPort == 22 ? N1 : "[" + N1 + "]:" + sshPort;
    }

    static String fingerprint(String host, byte[] key) throws JSchException {
        return HostKeyTrust.Presented.of(host, key).fingerprint();
    }

    /** Writes known_hosts with {@code lines}, then hashes every host name in it with ssh-keygen -H. */
    void hashedKnownHosts(String... lines) throws Exception {
        Files.writeString(knownHosts, String.join("\n", lines) + "\n");
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        Files.deleteIfExists(Path.of(knownHosts + ".old"));
        assertThat(Files.readString(knownHosts)).doesNotContain(N1).contains("|1|");
    }

    String line(String host, byte[] key) throws JSchException {
        return HostKeyTrust.Presented.of(host, key).knownHostsLine();
    }

    @Test
    @DisplayName("ssh trust and hashed known_hosts: a changed key behind a hashed entry is refused, the file unchanged")
    void sshTrustRefusesAChangedKeyBehindAHashedKnownHostsEntry() throws Exception {
        hashedKnownHosts("# the pair's nodes", line(N1, oldKey));
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(22, newKey);

        assertThat(exit).as(out + "\n" + err).isEqualTo(2);
        assertThat(Files.readAllBytes(knownHosts)).as("known_hosts unchanged").isEqualTo(before);
        assertThat(err.toString())
                .contains("already has a DIFFERENT key for " + N1)
                .contains(knownHosts + " line 2 (" + N1 + ", hashed)")
                .contains(fingerprint(N1, oldKey))
                .contains(fingerprint(N1, newKey))
                .contains("ssh-keygen -R " + N1 + " -f " + knownHosts)
                .doesNotContain("added");
    }

    @Test
    @DisplayName("ssh trust and hashed known_hosts: the key already trusted behind a hashed entry writes nothing")
    void sshTrustSeesTheSameKeyBehindAHashedEntryAsAlreadyTrusted() throws Exception {
        hashedKnownHosts(line(N1, oldKey));
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(22, oldKey);

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("already trusted in " + knownHosts + " (line 1)");
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
    }

    @Test
    @DisplayName("ssh trust and hashed known_hosts: a hashed [address]:port entry is found for a node on another port")
    void sshTrustRefusesAChangedKeyBehindAHashedAddressAndPortEntry() throws Exception {
        hashedKnownHosts(line(host(2222), oldKey));
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(2222, newKey);

        assertThat(exit).as(out + "\n" + err).isEqualTo(2);
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
        assertThat(err.toString()).contains("ssh-keygen -R '[" + N1 + "]:2222' -f " + knownHosts);
    }

    @Test
    @DisplayName("ssh trust: a plain entry for the bare address counts for a node on another port, as JSch counts it")
    void sshTrustRefusesAChangedKeyWhenTheBareAddressHasAnother() throws Exception {
        Files.writeString(knownHosts, line(N1, oldKey) + "\n");
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(2222, newKey);

        assertThat(exit).as(out + "\n" + err).isEqualTo(2);
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
        assertThat(err.toString()).contains(knownHosts + " line 1 (" + N1 + ")")
                .contains("ssh-keygen -R " + N1 + " -f " + knownHosts);
    }

    @Test
    @DisplayName("ssh trust: a known key of another type is refused as before (one key per node)")
    void sshTrustRefusesAKeyWhenTheNodeHasOneOfAnotherType() throws Exception {
        byte[] ecdsa = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256).getPublicKeyBlob();
        hashedKnownHosts(line(N1, ecdsa));
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(22, newKey);

        assertThat(exit).as(out + "\n" + err).isEqualTo(2);
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
        assertThat(err.toString()).contains("a key of another type").contains(knownHosts + " line 1 (" + N1 + ", hashed)")
                .contains("ecdsa-sha2-nistp256 " + fingerprint(N1, ecdsa)).contains("ssh-keygen -R " + N1);
    }

    @Test
    @DisplayName("ssh trust: a key marked @revoked for the node is refused, even when no other key is known")
    void sshTrustRefusesARevokedKey() throws Exception {
        Files.writeString(knownHosts, "@revoked " + line(N1, oldKey) + "\n");
        byte[] before = Files.readAllBytes(knownHosts);

        int exit = trust(22, oldKey);

        assertThat(exit).as(out + "\n" + err).isEqualTo(2);
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
        assertThat(err.toString()).contains("revoked").contains(knownHosts + " line 1");
    }

    @Test
    @DisplayName("ssh trust: an unknown node's key is added once (a torn last line ended first); the next run finds it")
    void sshTrustAddsAnUnknownKeyOnceOnItsOwnLine() throws Exception {
        hashedKnownHosts(line("198.51.100.12", oldKey));
        String other = Files.readString(knownHosts).stripTrailing();
        Files.writeString(knownHosts, other);   // no final newline

        assertThat(trust(22, newKey)).as(out + "\n" + err).isZero();
        assertThat(Files.readString(knownHosts)).isEqualTo(other + "\n" + line(N1, newKey) + "\n");

        out.getBuffer().setLength(0);
        assertThat(trust(22, newKey)).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("already trusted in " + knownHosts + " (line 2)");
        assertThat(Files.readString(knownHosts)).isEqualTo(other + "\n" + line(N1, newKey) + "\n");
    }
}
