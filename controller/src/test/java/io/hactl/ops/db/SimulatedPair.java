package io.hactl.ops.db;

import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The pair the switch's and the failover's path tests simulate (n1 198.51.100.11, n2 198.51.100.12, short
 * timeouts), and the look-up of where an effect landed in their shared list of recorded effects.
 */
final class SimulatedPair {

    private SimulatedPair() {
    }

    /** pair1 with the DB VIP {@code vip}/24, its state in {@code dir}. */
    static HactlConfig config(Path dir, String vip) {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1",
                List.of(new NodeConfig("n1", "198.51.100.11", "eth0", ssh), new NodeConfig("n2", "198.51.100.12", "eth0", ssh)),
                new VipConfig(vip, 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "app", "hactl", Secret.NONE, "repl", Secret.NONE, Duration.ofMillis(300),
                        Duration.ofMillis(300), null),
                List.of(), new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                        Duration.ofMillis(300)),
                BackupConfig.defaults(), dir);
    }

    /** The index of the first effect starting with {@code prefix}; fails naming all of them and the run's output. */
    static int index(List<String> effects, String prefix, Object out) {
        for (int i = 0; i < effects.size(); i++) {
            if (effects.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no effect starting with '" + prefix + "' in " + effects + "\n" + out);
    }
}
