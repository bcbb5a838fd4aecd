package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.ConfigLocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class LabTextsTest {

    private final LabLayout std = LabLayout.standard();

    private static String resource(String name) throws IOException {
        try (InputStream in = LabTextsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void hactlYmlIsExactlyTheAgreedSchema() throws IOException {
        assertThat(LabTexts.hactlYml(std, "ab".repeat(32))).isEqualTo(resource("expected-hactl.yml"));
    }

    /** Moved from the controller's BackupConfigTest with the lab: the lab's config backs up its two services. */
    @Test
    void theLabConfigDeclaresBackupComponents() {
        assertThat(LabTexts.hactlYml(std, "0".repeat(64))).contains("keep_days: 7", "- name: tomcat", "- name: backend");
    }

    @Test
    void labConfigPathIsTheOneTheLocatorKnows() {
        assertThat(std.config()).isEqualTo(ConfigLocator.LAB_CONFIG);
        assertThat(std.dir()).isEqualTo(Path.of("/var/lib/hactl-lab"));
    }

    @Test
    void eachLabControllerConfigIsTheLabsWithItsOwnStateItsOwnAddressAndCoordinationAsThatMember(@TempDir Path tmp)
            throws IOException {
        String lab = LabTexts.hactlYml(std, "ab".repeat(32));
        String w = LabTexts.controllerYml(std, LabNode.W, lab);
        assertThat(w).contains("state_directory: /var/lib/hactl-lab/w/controller/state\n",
                        "  listen: 198.51.100.13:8642\n")
                .doesNotContain("state_directory: /var/lib/hactl-lab/state\n", "127.0.0.1:8642")
                .endsWith("""
                          coordination:
                            connect: 198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181
                            member: w
                            session_timeout: 3s
                            connection_timeout: 1s
                            password_file: /var/lib/hactl-lab/secrets/zookeeper.password
                            epoch_directory: /var/lib/hactl-lab/{node}/fencing
                        """);
        // everything else is the lab's config, line for line
        assertThat(w.lines().filter(l -> !l.startsWith("state_directory:") && !l.startsWith("  listen:")).toList())
                .startsWith(lab.lines().filter(l -> !l.startsWith("state_directory:") && !l.startsWith("  listen:"))
                        .toArray(String[]::new));

        // hactl itself reads it (in a lab of its own: the loader checks the key and secret files exist)
        LabLayout l = new LabLayout(tmp);
        for (Path f : List.of(l.key(), l.knownHosts(), l.hactlPassword(), l.replPassword(), l.zookeeperPassword())) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, "x");
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        Path file = tmp.resolve("hactl.yml");
        Files.writeString(file, LabTexts.controllerYml(l, LabNode.N2, LabTexts.hactlYml(l, "ab".repeat(32))));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        io.hactl.config.HactlConfig cfg = io.hactl.config.ConfigLoader.load(file);
        io.hactl.config.CoordinationSettings c = cfg.controller().coordination();
        assertThat(c.member()).isEqualTo("n2");
        assertThat(c.connect()).isEqualTo(LabZookeeper.CONNECT_STRING);
        assertThat(c.sessionTimeout()).hasSeconds(3);
        assertThat(cfg.stateDirectory()).isEqualTo(l.controllerStateDir(LabNode.N2));
        assertThat(cfg.controller().listenAddress()).isEqualTo("198.51.100.12");
        assertThat(c.secured()).isTrue();
        assertThat(c.epochDirectory("n1", cfg.stateDirectory().toString())).isEqualTo(tmp + "/n1/fencing");
    }

    @Test
    void aLabConfigWithoutItsStateDirectoryLineIsNotOneAControllerConfigIsDerivedFrom() {
        assertThatThrownBy(() -> LabTexts.controllerYml(std, LabNode.N1, "cluster: lab\n"))
                .isInstanceOf(LabException.class).hasMessageContaining("run lab up");
    }

    @Test
    void zooCfgBindsEachMemberToItsOwnAddressWithTheThreeServersListed() {
        String w = LabTexts.zooCfg(std, LabNode.W);
        assertThat(w.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList())
                .containsExactly(
                        "tickTime=1000",
                        "initLimit=10",
                        "syncLimit=5",
                        "dataDir=/var/lib/hactl-lab/w/zookeeper/data",
                        "dataLogDir=/var/lib/hactl-lab/w/zookeeper/datalog",
                        "clientPort=2181",
                        "clientPortAddress=198.51.100.13",
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=srvr,ruok,mntr",
                        "server.1=198.51.100.11:2888:3888",
                        "server.2=198.51.100.12:2888:3888",
                        "server.3=198.51.100.13:2888:3888");
        assertThat(LabTexts.zooCfg(std, LabNode.N1)).contains("clientPortAddress=198.51.100.11\n")
                .contains("dataDir=/var/lib/hactl-lab/n1/zookeeper/data\n");
        assertThat(LabTexts.zookeeperMyid(LabNode.N1)).isEqualTo("1\n");
        assertThat(LabTexts.zookeeperMyid(LabNode.W)).isEqualTo("3\n");
    }

    @Test
    void zookeeperFilesLiveUnderEachMembersDirectory() {
        assertThat(std.zookeeperDir(LabNode.W)).isEqualTo(Path.of("/var/lib/hactl-lab/w/zookeeper"));
        assertThat(std.zooCfg(LabNode.N2)).isEqualTo(Path.of("/var/lib/hactl-lab/n2/zookeeper/zoo.cfg"));
        assertThat(std.zookeeperMyid(LabNode.N2)).isEqualTo(Path.of("/var/lib/hactl-lab/n2/zookeeper/data/myid"));
        assertThat(std.pidFile(LabNode.W, "zookeeper")).isEqualTo(Path.of("/var/lib/hactl-lab/w/zookeeper/zookeeper.pid"));
        assertThat(std.zookeeperLog(LabNode.W)).isEqualTo(Path.of("/var/lib/hactl-lab/w/zookeeper/zookeeper.log"));
        assertThat(std.processMarker(LabNode.W, "zookeeper"))
                .isEqualTo("QuorumPeerMain /var/lib/hactl-lab/w/zookeeper/zoo.cfg");
    }

    @Test
    void myCnfForMasterAndReplica() {
        String n1 = LabTexts.myCnf(std, LabNode.N1);
        assertThat(n1.lines().map(String::strip).toList()).contains(
                "user = mysql",
                "datadir = /var/lib/hactl-lab/n1/mysql/data",
                "socket = /var/lib/hactl-lab/n1/mysql/mysqld.sock",
                "pid-file = /var/lib/hactl-lab/n1/mysql/mariadbd.pid",
                "log-error = /var/lib/hactl-lab/n1/mysql/error.log",
                "port = 3306",
                "bind-address = 0.0.0.0",
                "server_id = 1",
                "log_bin = binlog",
                "binlog_format = ROW",
                "log_slave_updates = ON",
                "gtid_strict_mode = ON",
                "skip_name_resolve = ON",
                "slave_net_timeout = 4",
                "rpl_semi_sync_master_enabled = ON",
                "rpl_semi_sync_slave_enabled = ON",
                "rpl_semi_sync_master_wait_point = AFTER_SYNC",
                "rpl_semi_sync_master_wait_no_slave = OFF",
                "rpl_semi_sync_master_timeout = 10000",
                "innodb_buffer_pool_size = 64M",
                "performance_schema = OFF",
                "read_only = OFF");
        String n2 = LabTexts.myCnf(std, LabNode.N2);
        assertThat(n2).contains("server_id = 2\n", "read_only = ON\n", "/var/lib/hactl-lab/n2/mysql/mysqld.sock")
                .doesNotContain("/n1/");
        // [client] first so that 'mariadb --defaults-file=' finds the socket too
        assertThat(n1.indexOf("[client]")).isLessThan(n1.indexOf("[mysqld]"));
    }

    @Test
    void sshdConfigIsKeyOnlyWithLabPaths() {
        String c = LabTexts.sshdConfig(std, LabNode.N2);
        assertThat(c.lines().toList()).contains(
                "Port 22",
                "ListenAddress 0.0.0.0",
                "HostKey /var/lib/hactl-lab/n2/sshd/ssh_host_ed25519_key",
                "PidFile /var/lib/hactl-lab/n2/sshd/sshd.pid",
                "AuthorizedKeysFile /var/lib/hactl-lab/ssh/authorized_keys",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "UsePAM no",
                "UseDNS no");
    }

    @Test
    void knownHostsAndAuthorizedKeysLines() {
        assertThat(LabTexts.knownHostsLine(LabNode.N1, "ssh-ed25519 AAAAC3Nza root@x\n"))
                .isEqualTo("198.51.100.11 ssh-ed25519 AAAAC3Nza\n");
        assertThat(LabTexts.authorizedKeysLine("ssh-ed25519 AAAAC3Nza hactl-lab\n"))
                .isEqualTo("from=\"198.51.100.0/24\" ssh-ed25519 AAAAC3Nza hactl-lab\n");
        assertThatThrownBy(() -> LabTexts.knownHostsLine(LabNode.N1, "garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverXmlFromDebians() throws Exception {
        String out = LabTexts.labServerXml(resource("debian-server.xml"));
        Document d = parse(out);
        Element server = d.getDocumentElement();
        assertThat(server.getAttribute("port")).isEqualTo("-1");
        NodeList connectors = d.getElementsByTagName("Connector");
        assertThat(connectors.getLength()).isEqualTo(1);
        Element c = (Element) connectors.item(0);
        assertThat(c.getAttribute("port")).isEqualTo("8080");
        assertThat(c.hasAttribute("address")).isFalse();
        assertThat(c.getAttribute("protocol")).isEqualTo("HTTP/1.1");
        assertThat(out).doesNotContain("className=\"org.apache.catalina.core.AprLifecycleListener\"");
        assertThat(((Element) d.getElementsByTagName("Host").item(0)).getAttribute("autoDeploy")).isEqualTo("false");
        assertThat(out).startsWith("<?xml").contains("Licensed to the Apache Software Foundation");
    }

    @Test
    void serverXmlDropsOtherConnectorsAndBoundAddresses() throws Exception {
        String in = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="8005" shutdown="SHUTDOWN">
                  <Listener className="org.apache.catalina.core.AprLifecycleListener" SSLEngine="on"/>
                  <Service name="Catalina">
                    <Connector port="8081" address="127.0.0.1" protocol="org.apache.coyote.http11.Http11NioProtocol"/>
                    <Connector port="8009" protocol="AJP/1.3" secretRequired="false"/>
                    <Connector port="8443" protocol="HTTP/1.1" SSLEnabled="true"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" autoDeploy="true"/>
                    </Engine>
                  </Service>
                </Server>
                """;
        Document d = parse(LabTexts.labServerXml(in));
        assertThat(d.getDocumentElement().getAttribute("port")).isEqualTo("-1");
        NodeList connectors = d.getElementsByTagName("Connector");
        assertThat(connectors.getLength()).isEqualTo(1);
        Element c = (Element) connectors.item(0);
        assertThat(c.getAttribute("port")).isEqualTo("8080");
        assertThat(c.hasAttribute("address")).isFalse();
        assertThat(d.getElementsByTagName("Listener").getLength()).isZero();
    }

    @Test
    void serverXmlWithoutHttpConnectorIsRefused() {
        String in = "<Server port=\"8005\"><Service name=\"C\"><Connector port=\"8009\" protocol=\"AJP/1.3\"/>"
                + "</Service></Server>";
        assertThatThrownBy(() -> LabTexts.labServerXml(in)).hasMessageContaining("no HTTP/1.1 Connector");
        assertThatThrownBy(() -> LabTexts.labServerXml("<nope/>")).hasMessageContaining("not Server");
    }

    @Test
    void ctlScriptsAreValidBashAndUseTheLabPaths(@TempDir Path tmp) throws Exception {
        String backend = LabTexts.backendCtl(std, "/usr/lib/jvm/x");
        String tomcat = LabTexts.tomcatCtl(std, "/usr/lib/jvm/x");
        assertThat(backend).contains("LAB=/var/lib/hactl-lab", "MARKER=\"LabBackendService --node $NODE\"",
                "--port 9090", "export JAVA_HOME=/usr/lib/jvm/x").doesNotContain("ip netns");
        assertThat(tomcat).contains("export CATALINA_HOME=/usr/share/tomcat10",
                "export CATALINA_BASE=$LAB/$NODE/tomcat", "MARKER=\"-Dcatalina.base=$CATALINA_BASE\"", " run'")
                .doesNotContain("ip netns");
        for (String script : List.of(backend, tomcat)) {
            Path f = tmp.resolve("s.sh");
            Files.writeString(f, script);
            Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
