package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShells;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.ResetRule;
import io.hactl.ops.StepWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, "help clients find the new master quickly": during a failover whose old master is alive
 * and still holds the DB VIP, a client's new connection to the database port on the VIP is refused
 * at once by the old master's kernel (the fence's reset rule), not left to its connect timeout; the
 * lab's heal leaves nothing of the rule.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class ResetRuleLabIT {

    static final String DB_VIP = "198.51.100.89";

    @TempDir
    Path tmp;

    private NodeShells shells;

    @AfterEach
    void tearDown(Lab lab) {
        if (shells != null) {
            shells.close();
        }
        lab.heal();
    }

    @Test
    @DisplayName("Old master alive and still holding the DB VIP during a failover: a client's connect to the VIP is"
            + " refused in under 100 ms (a reset, not a timeout); heal removes the rule")
    void oldMasterAliveHoldingTheVip_aClientsConnectIsRefusedFast_healRemovesTheRule(Lab lab) throws Exception {
        HactlConfig cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, yml -> yml));
        shells = new NodeShells();
        assertThat(connect()).as("before the failover n1's database takes connections on the VIP").isEqualTo("connected");
        AtomicReference<String> during = new AtomicReference<>();
        AtomicReference<Boolean> n1HeldVip = new AtomicReference<>();
        StepWatch watch = new StepWatch() {
            @Override
            public void after(String node, String description, boolean ok, String detail) {
                // right after the fence's reset step, while n1 still holds the VIP and its database answers
                if (ok && description.startsWith("answer new connections to DB VIP")) {
                    n1HeldVip.set(holdsVip(lab, "n1"));
                    during.set(connect());
                }
            }
        };
        StringWriter out = new StringWriter();
        OperationRunner runner = new OperationRunner(new TransitionLog(cfg.stateDirectory()), new PrintWriter(out, true),
                cfg.clusterName(), "lab-test", "ResetRuleLabIT", false, watch);

        int exit = new Failover(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()))
                .run(runner, cfg.node("n2").orElseThrow(), "ResetRuleLabIT: n1 alive");

        System.out.println("[operation output]\n" + out + "\n[client] connect to the VIP during the failover: " + during.get());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(n1HeldVip.get()).as("n1 still held the VIP when the client connected").isTrue();
        assertThat(during.get()).as("a connect to the VIP during the failover").startsWith("refused in ");
        long ms = Long.parseLong(during.get().replaceAll("\\D", ""));
        assertThat(ms).as("refused after (ms)").isLessThan(100);
        assertThat(resetTable(lab, "n1")).as("n1 keeps the rule after the failover (its VIP is gone)").isTrue();

        lab.heal();

        assertThat(resetTable(lab, "n1")).as("heal leaves no reset rule on n1").isFalse();
        assertThat(resetTable(lab, "n2")).isFalse();
        assertThat(connect()).as("after heal n1 takes connections on the VIP again").isEqualTo("connected");
    }

    /** One TCP connect to the DB VIP from the lab's host, 2 s timeout: "connected", "refused in N ms" or what happened. */
    private static String connect() {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(DB_VIP, 3306), 2000);
            return "connected";
        } catch (java.net.ConnectException e) {
            return "refused in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
        } catch (IOException e) {
            return e + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms";
        }
    }

    private static boolean holdsVip(Lab lab, String node) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out().contains(DB_VIP + "/");
    }

    private static boolean resetTable(Lab lab, String node) {
        return lab.nsExec(node, "nft", "list", "table", "ip", ResetRule.TABLE).ok();
    }
}
