package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import io.hactl.lab.LabNode;
import io.hactl.node.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/runbook.md "Set up the pair on two new servers", step by step, on the lab made to look
 * like two new servers: no VIPs, services stopped, no hactl or replication user on either,
 * n2 without the database, the application's account or replication, and a clone of n1 (the
 * same server_id). The config starts from the repository's conf/hactl.yml with its own
 * passwords and an absent known_hosts. Ends with {@code hactl check} exit 0 and one switch
 * both ways. The lab is rebuilt afterwards ({@link Lab#up()}).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class NewPairLabIT {

    static final String CONTROLLER_ADDRESS = "198.51.100.1";
    static final String APP = "'app'@'198.51.100.%'";

    @TempDir
    Path tmp;

    private Path cfg;

    @AfterEach
    void rebuild(Lab lab) {
        lab.up();
    }

    CheckLabIT.Run hactl(String... args) {
        return CheckLabIT.hactlWith(cfg, args);
    }

    @Test
    void fromTwoNewServers_toCheckExitZero_asTheRunbookSays(Lab lab) throws Exception {
        makeNewServers(lab);

        // 1. configuration, from the repository's example
        Path hactlPassword = secret("hactl.password");
        Path replPassword = secret("repl.password");
        Path knownHosts = tmp.resolve("known_hosts");
        cfg = tmp.resolve("hactl.yml");
        Files.writeString(cfg, Files.readString(repositoryRoot().resolve("conf/hactl.yml"))
                .replace("cluster: pair1", "cluster: newpair")
                .replace("key: /var/lib/hactl-lab/ssh/id_ed25519", "key: " + lab.layout().key())
                .replace("known_hosts: /var/lib/hactl-lab/ssh/known_hosts", "known_hosts: " + knownHosts)
                .replace("password_file: /var/lib/hactl-lab/secrets/hactl.password", "password_file: " + hactlPassword)
                .replace("password_file: /var/lib/hactl-lab/secrets/repl.password", "password_file: " + replPassword)
                .replace("directory: /var/backups/hactl", "directory: " + tmp.resolve("backups"))
                .replace("state_directory: /var/lib/hactl", "state_directory: " + tmp.resolve("state")));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        CheckLabIT.Run conf = hactl("conf", "check");
        assertThat(conf.exit()).as(conf.all()).isNotZero();
        assertThat(conf.all()).contains(knownHosts + " does not exist", "hactl ssh trust NODE");

        // 2. ssh: trust creates known_hosts; the fingerprint is the server's own
        for (String n : List.of("n1", "n2")) {
            CheckLabIT.Run trust = hactl("ssh", "trust", n, "--yes");
            assertThat(trust.exit()).as(trust.all()).isZero();
            assertThat(trust.out()).contains(fingerprint(lab.layout().hostKey(LabNode.of(n)) + ".pub"),
                    "added to " + knownHosts);
        }
        assertThat(hactl("ssh", "trust", "n1", "--yes").out()).contains("already trusted");
        CheckLabIT.Run sshTest = hactl("ssh", "test");
        assertThat(sshTest.exit()).as(sshTest.all()).isZero();
        CheckLabIT.Run conf2 = hactl("conf", "check");
        assertThat(conf2.exit()).as(conf2.all()).isZero();

        // 3. hactl's admin user on both servers, by hand, for this machine's address
        for (String n : List.of("n1", "n2")) {
            lab.sqlAsRoot(n, "CREATE USER 'hactl'@'" + CONTROLLER_ADDRESS + "' IDENTIFIED BY '"
                    + Files.readString(hactlPassword).strip() + "'; GRANT ALL PRIVILEGES ON *.* TO 'hactl'@'"
                    + CONTROLLER_ADDRESS + "' WITH GRANT OPTION;");
        }
        CheckLabIT.Run vipMissing = hactl("check");
        assertThat(vipMissing.exit()).as(vipMissing.all()).isEqualTo(2);
        assertThat(vipMissing.out()).contains("VIP-MISSING");

        // 5 (before 4, as a forgetful operator): the clone's server_id is refused and named
        CheckLabIT.Run clone = hactl("db-replica-init", "--node", "n2", "--dry-run");
        assertThat(clone.exit()).as(clone.all()).isEqualTo(2);
        assertThat(clone.out()).contains("n2: server_id is 1, the same as n1's: add `server_id = 2` under [mysqld] in"
                + " n2's my.cnf and restart it", "nothing was changed");
        setServerId(lab, 2);
        CheckLabIT.Run advice = hactl("db-replica-init", "--node", "n2", "--dry-run");
        assertThat(advice.exit()).as(advice.all()).isZero();
        assertThat(advice.out()).contains("n2: advice: accounts on n1 that n2 lacks: 'app'@'198.51.100.%'",
                "n2 made a replica of n1 by the steps above");

        // 4. the application's account on n2, as on n1 (the statements through stdin, binary log off)
        String create = lab.sqlAsRoot("n1", "SHOW CREATE USER " + APP).strip();
        String grants = lab.sqlAsRoot("n1", "SHOW GRANTS FOR " + APP).strip();
        StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin=0; " + create + ";");
        grants.lines().filter(g -> !g.contains("IDENTIFIED BY")).forEach(g -> sql.append(' ').append(g).append(';'));
        lab.sqlAsRoot("n2", sql.toString());
        CheckLabIT.Run dry = hactl("db-replica-init", "--node", "n2", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).doesNotContain("advice: accounts");

        // 5. the replica
        CheckLabIT.Run init = hactl("db-replica-init", "--node", "n2");
        assertThat(init.exit()).as(init.all()).isZero();
        assertThat(init.out()).contains("n1   create the replication user repl@198.51.100.12",
                "verdict: the databases are the same");
        assertThat(init.all()).doesNotContain(Files.readString(replPassword).strip());

        // 6. the DB VIP on the master; 7. the application
        CheckLabIT.Run dbMaster = hactl("db-master-set", "--node", "n1");
        assertThat(dbMaster.exit()).as(dbMaster.all()).isZero();
        assertThat(dbMaster.out()).contains("plan: add DB VIP 198.51.100.89 to n1");
        CheckLabIT.Run app = hactl("master-set", "--node", "n1");
        assertThat(app.exit()).as(app.all()).isZero();

        // 8. healthy; the tables the same; one switch both ways
        CheckLabIT.Run check = hactl("check");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).contains("HEALTHY: master n1, replica n2 in sync", "ACTIVE: active n1");
        CheckLabIT.Run sync = hactl("db-sync-check", "--tables");
        assertThat(sync.exit()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("all the same");
        for (String n : List.of("n2", "n1")) {
            CheckLabIT.Run db = hactl("db-master-set", "--node", n);
            assertThat(db.exit()).as(db.all()).isZero();
            CheckLabIT.Run ms = hactl("master-set", "--node", n);
            assertThat(ms.exit()).as(ms.all()).isZero();
            CheckLabIT.Run c = hactl("check");
            assertThat(c.exit()).as(c.all()).isZero();
            assertThat(c.out()).contains("HEALTHY: master " + n);
        }
    }

    /** The lab as two servers nobody set up for a pair yet (n1 keeps its data and the application's account). */
    private static void makeNewServers(Lab lab) {
        for (String s : List.of("tomcat", "backend")) {
            CommandResult r = lab.serviceCtl("n1", s, "stop");
            assertThat(r.ok()).as(s + ": " + r.err()).isTrue();
        }
        lab.removeVip("n1", "198.51.100.89");
        lab.removeVip("n1", "198.51.100.88");
        lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL; SET SESSION sql_log_bin=0; DROP DATABASE hactl_demo;"
                + " DROP USER " + APP + ", 'hactl'@'198.51.100.%', 'repl'@'198.51.100.%'; RESET MASTER;");
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP USER 'hactl'@'198.51.100.%', 'repl'@'198.51.100.%';");
        setServerId(lab, 1);
    }

    /** n2's server_id in its my.cnf, then a restart (as an operator fixes a cloned server). */
    private static void setServerId(Lab lab, int id) {
        Path cnf = lab.layout().myCnf(LabNode.N2);
        try {
            Files.writeString(cnf, Files.readString(cnf).replaceAll("(?m)^server_id = \\d+$", "server_id = " + id));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(lab.killMariadb("n2")).isTrue();
        lab.startMariadb("n2");
        assertThat(lab.sqlAsRoot("n2", "SELECT @@server_id").strip()).endsWith(Integer.toString(id));
    }

    private Path secret(String name) throws Exception {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        Path p = tmp.resolve(name);
        Files.writeString(p, Base64.getEncoder().encodeToString(b) + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** "SHA256:..." of a public key file, by ssh-keygen -lf (as the operator reads it on the server's console). */
    private static String fingerprint(String pub) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", pub).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out.split(" ")[1];
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("conf/hactl.yml"))) {
            p = p.getParent();
        }
        assertThat(p).as("conf/hactl.yml above " + Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }
}
