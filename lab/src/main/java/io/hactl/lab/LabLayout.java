package io.hactl.lab;

import java.nio.file.Path;

/**
 * Every path of the lab, under one directory ({@link #DEFAULT_DIR}, the only place the
 * lab's location is written down). {@code ssh/} and {@code secrets/} are 0700, the
 * directory itself 0755 root (sshd's StrictModes checks every parent of the keys).
 *
 * <pre>
 * /var/lib/hactl-lab/
 *   hactl.yml  lab.json  lab.log
 *   ssh/        id_ed25519 id_ed25519.pub authorized_keys known_hosts
 *   secrets/    hactl.password repl.password app.password operator.token
 *   bin/        backend-ctl tomcat-ctl lab-backend.jar
 *   backups/  state/
 *   n1/ n2/
 *     mysql/    my.cnf data/ mysqld.sock mariadbd.pid error.log mariadbd.out
 *     sshd/     sshd_config ssh_host_ed25519_key(.pub) sshd.pid sshd.log
 *     tomcat/   (CATALINA_BASE) conf/ logs/catalina.out temp/ work/ webapps/ROOT catalina.pid
 *     backend/  backend.pid backend.log
 *   n1/ n2/ w/
 *     zookeeper/  zoo.cfg zookeeper.pid zookeeper.log data/myid data/version-2/ datalog/version-2/
 *     controller/ hactl.yml controller.pid controller.log state/   (only while the lab runs controllers)
 * </pre>
 */
public record LabLayout(Path dir) {

    public static final Path DEFAULT_DIR = Path.of("/var/lib/hactl-lab");
    public static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");
    public static final Path TOMCAT_CONF_SOURCE = Path.of("/etc/tomcat10");

    public static LabLayout standard() {
        return new LabLayout(DEFAULT_DIR);
    }

    public Path config() { return dir.resolve("hactl.yml"); }
    public Path stateFile() { return dir.resolve("lab.json"); }
    public Path log() { return dir.resolve("lab.log"); }

    public Path sshDir() { return dir.resolve("ssh"); }
    public Path key() { return sshDir().resolve("id_ed25519"); }
    public Path publicKey() { return sshDir().resolve("id_ed25519.pub"); }
    public Path authorizedKeys() { return sshDir().resolve("authorized_keys"); }
    public Path knownHosts() { return sshDir().resolve("known_hosts"); }

    public Path secretsDir() { return dir.resolve("secrets"); }
    public Path hactlPassword() { return secretsDir().resolve("hactl.password"); }
    public Path replPassword() { return secretsDir().resolve("repl.password"); }
    /** The application user's password ({@code app@'198.51.100.%'}: SELECT, INSERT on hactl_demo.*). */
    public Path appPassword() { return secretsDir().resolve("app.password"); }
    /** The lab operator's bearer token for the controller's API (hactl ack ... --token-file). */
    public Path operatorToken() { return secretsDir().resolve("operator.token"); }
    /** The three controllers' ZooKeeper password (controller.coordination.password_file): the tree's ACL. */
    public Path zookeeperPassword() { return secretsDir().resolve("zookeeper.password"); }
    /**
     * Where each node keeps the epoch file of fencing (controller.coordination.epoch_directory, {@code {node}}
     * in it): one per node, as on real nodes, though the lab's namespaces share one filesystem.
     */
    public String epochDirectory() { return dir.resolve("{node}").resolve("fencing").toString(); }

    public Path binDir() { return dir.resolve("bin"); }
    public Path backendCtl() { return binDir().resolve("backend-ctl"); }
    public Path tomcatCtl() { return binDir().resolve("tomcat-ctl"); }
    public Path mariadbCtl() { return binDir().resolve("mariadb-ctl"); }
    public Path backendJar() { return binDir().resolve("lab-backend.jar"); }

    public Path backupDir() { return dir.resolve("backups"); }
    public Path hactlStateDir() { return dir.resolve("state"); }

    public Path nodeDir(LabNode n) { return dir.resolve(n.name()); }

    public Path mysqlDir(LabNode n) { return nodeDir(n).resolve("mysql"); }
    public Path myCnf(LabNode n) { return mysqlDir(n).resolve("my.cnf"); }
    public Path dataDir(LabNode n) { return mysqlDir(n).resolve("data"); }
    public Path socket(LabNode n) { return mysqlDir(n).resolve("mysqld.sock"); }
    public Path mariadbPid(LabNode n) { return mysqlDir(n).resolve("mariadbd.pid"); }
    public Path errorLog(LabNode n) { return mysqlDir(n).resolve("error.log"); }
    public Path mariadbOut(LabNode n) { return mysqlDir(n).resolve("mariadbd.out"); }

    public Path sshdDir(LabNode n) { return nodeDir(n).resolve("sshd"); }
    public Path sshdConfig(LabNode n) { return sshdDir(n).resolve("sshd_config"); }
    public Path hostKey(LabNode n) { return sshdDir(n).resolve("ssh_host_ed25519_key"); }
    public Path sshdPid(LabNode n) { return sshdDir(n).resolve("sshd.pid"); }
    public Path sshdLog(LabNode n) { return sshdDir(n).resolve("sshd.log"); }

    public Path tomcatBase(LabNode n) { return nodeDir(n).resolve("tomcat"); }
    public Path tomcatPid(LabNode n) { return tomcatBase(n).resolve("catalina.pid"); }
    public Path catalinaOut(LabNode n) { return tomcatBase(n).resolve("logs").resolve("catalina.out"); }

    public Path backendDir(LabNode n) { return nodeDir(n).resolve("backend"); }
    public Path backendPid(LabNode n) { return backendDir(n).resolve("backend.pid"); }
    public Path backendLog(LabNode n) { return backendDir(n).resolve("backend.log"); }

    /** The node's (or the witness's) ZooKeeper member: its config, pid file, log and two directories. */
    public Path zookeeperDir(LabNode n) { return nodeDir(n).resolve("zookeeper"); }
    public Path zooCfg(LabNode n) { return zookeeperDir(n).resolve("zoo.cfg"); }
    public Path zookeeperDataDir(LabNode n) { return zookeeperDir(n).resolve("data"); }
    /** Transaction logs apart from the snapshots (ZooKeeper's dataLogDir). */
    public Path zookeeperDataLogDir(LabNode n) { return zookeeperDir(n).resolve("datalog"); }
    public Path zookeeperMyid(LabNode n) { return zookeeperDataDir(n).resolve("myid"); }
    public Path zookeeperPid(LabNode n) { return zookeeperDir(n).resolve("zookeeper.pid"); }
    /** The member's stdout and stderr: its log (slf4j-simple writes to stderr). */
    public Path zookeeperLog(LabNode n) { return zookeeperDir(n).resolve("zookeeper.log"); }

    /**
     * The coordinated controller run in the namespace ({@link LabControllers}): its own config (the lab's
     * with {@code controller.coordination} and this member), state directory, pid file and output.
     */
    public Path controllerDir(LabNode n) { return nodeDir(n).resolve("controller"); }
    public Path controllerConfig(LabNode n) { return controllerDir(n).resolve("hactl.yml"); }
    public Path controllerStateDir(LabNode n) { return controllerDir(n).resolve("state"); }
    public Path controllerPid(LabNode n) { return controllerDir(n).resolve("controller.pid"); }
    public Path controllerLog(LabNode n) { return controllerDir(n).resolve("controller.log"); }

    /** The pid file of a component: mariadb, sshd, tomcat, backend, or zookeeper and controller (also on the witness). */
    public Path pidFile(LabNode n, String component) {
        return switch (component) {
            case "mariadb" -> mariadbPid(n);
            case "sshd" -> sshdPid(n);
            case "tomcat" -> tomcatPid(n);
            case "backend" -> backendPid(n);
            case "zookeeper" -> zookeeperPid(n);
            case "controller" -> controllerPid(n);
            default -> throw new IllegalArgumentException("no lab component " + component);
        };
    }

    /**
     * What a component's command line contains, on this node only: used to tell a live
     * process from a stale pid file whose PID was reused.
     */
    public String processMarker(LabNode n, String component) {
        return switch (component) {
            case "mariadb" -> "--defaults-file=" + myCnf(n);
            case "sshd" -> sshdConfig(n).toString();
            case "tomcat" -> "-Dcatalina.base=" + tomcatBase(n);
            case "backend" -> "LabBackendService --node " + n.name();
            case "zookeeper" -> "QuorumPeerMain " + zooCfg(n);
            case "controller" -> "controller --config " + controllerConfig(n);
            default -> throw new IllegalArgumentException("no lab component " + component);
        };
    }
}
