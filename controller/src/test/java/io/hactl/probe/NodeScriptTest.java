package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.NodeProbe;
import io.hactl.node.CommandResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeScriptTest {

    @Test
    void scriptQuotesPatternsAndArpsEveryVip() {
        Map<String, String> svc = new LinkedHashMap<>();
        svc.put("tomcat", "-Dcatalina.base=/srv/it's/tomcat");
        String s = NodeScript.build("eth0", svc, List.of("198.51.100.89", "198.51.100.88"), Duration.ofMillis(300));
        assertThat(s).contains("pgrep -f -- '-Dcatalina.base=/srv/it'\\''s/tomcat'");
        assertThat(s).contains("arping -i \"$IF\" -r -c 3 -W 0.05 -w 0.30 \"$1\"");
        assertThat(s).contains("arp_probe '198.51.100.89' \"$T/arp0\" &").contains("arp_probe '198.51.100.88' \"$T/arp1\" &");
    }

    @Test
    void parsesAddressesMacPidsAndHabetsArpReplies() {
        String out = """
                @@ADDR
                1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
                2: eth0    inet 198.51.100.11/24 brd 198.51.100.255 scope global eth0\\       valid_lft forever
                2: eth0    inet 198.51.100.89/24 scope global secondary eth0\\       valid_lft forever
                @@MAC
                02:AA:bb:00:00:11
                @@SVC backend
                4242 4243\s
                @@SVC tomcat
                
                @@ARP 198.51.100.89
                02:aa:bb:00:00:12
                02:aa:bb:00:00:12
                @@ARP 198.51.100.88
                """;
        NodeFacts f = NodeScript.parse(out);
        assertThat(f.addresses()).containsExactly("127.0.0.1", "198.51.100.11", "198.51.100.89");
        assertThat(f.mac()).isEqualTo("02:aa:bb:00:00:11");
        assertThat(f.servicePids()).containsEntry("backend", List.of(4242L, 4243L)).containsEntry("tomcat", List.of());
        assertThat(f.arpReplies()).containsEntry("198.51.100.89", List.of("02:aa:bb:00:00:12"))
                .containsEntry("198.51.100.88", List.of());
    }

    @Test
    void parsesIputilsArpAndMissingArping() {
        String out = """
                @@ARP 198.51.100.89
                ARPING 198.51.100.89 from 0.0.0.0 eth0
                Unicast reply from 198.51.100.89 [02:AA:BB:00:00:11]  0.612ms
                Unicast reply from 198.51.100.89 [02:AA:BB:00:00:12]  0.700ms
                Sent 2 probes (2 broadcast(s))
                Received 2 response(s)
                @@ARP 198.51.100.88
                NO_ARPING: arping is not installed on this node
                """;
        NodeFacts f = NodeScript.parse(out);
        assertThat(f.arpReplies().get("198.51.100.89")).containsExactly("02:aa:bb:00:00:11", "02:aa:bb:00:00:12");
        assertThat(f.arpErrors()).containsEntry("198.51.100.88", "arping is not installed on this node");
    }

    @Test
    void theScriptTailsTheLogOfAServiceWithNoProcessOnlyWithEachLineMarked() {
        Map<String, String> svc = new LinkedHashMap<>();
        svc.put("tomcat", "catalina.base=/srv/tomcat");
        svc.put("backend", "Backend");
        String s = NodeScript.build("eth0", svc, List.of(), Duration.ofMillis(300),
                Map.of("tomcat", "/srv/it's/catalina.out"));
        assertThat(s).contains("echo '@@SVC tomcat'; P=$(pgrep -f -- 'catalina.base=/srv/tomcat' | tr '\\n' ' ');"
                + " echo \"$P\"; if [ -z \"$P\" ]; then echo '@@LOG tomcat'; tail -n 5 -- '/srv/it'\\''s/catalina.out'"
                + " 2>&1 | cut -b 1-1200 | sed 's/^/|/'; fi");
        // no log configured: no tail
        assertThat(s).contains("echo '@@SVC backend'").doesNotContain("@@LOG backend");
    }

    @Test
    void parsesTheLogTailsLinesWhateverTheyLookLike() {
        String out = """
                @@SVC tomcat

                @@LOG tomcat
                |SEVERE: Failed to start connector [8080]
                |@@ADDR not a section
                |
                @@SVC backend
                4242
                """;
        NodeFacts f = NodeScript.parse(out);
        assertThat(f.logTails()).containsEntry("tomcat", List.of("SEVERE: Failed to start connector [8080]",
                "@@ADDR not a section", ""));
        assertThat(f.servicePids()).containsEntry("backend", List.of(4242L)).containsEntry("tomcat", List.of());
        assertThat(f.addresses()).isEmpty();
    }

    @Test
    void habetsVerboseLineGivesTheReplyingMac() {
        assertThat(NodeScript.macs("60 bytes from 02:aa:bb:00:00:12 (198.51.100.89): index=0 time=31.4 usec"))
                .containsExactly("02:aa:bb:00:00:12");
    }

    @Test
    void pingOutcomes() {
        CommandResult ok = new CommandResult("local", "ping", 0,
                "--- 198.51.100.11 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.052/0.052/0.052/0.000 ms\n", "", Duration.ZERO);
        NodeProbe.PingResult r = PingProbe.parse(ok);
        assertThat(r.reachable()).isTrue();
        assertThat(r.rttMillis()).isEqualTo(0.052);
        assertThat(PingProbe.parse(new CommandResult("local", "ping", 1, "", "", Duration.ZERO)).error()).isEqualTo("no reply");
        assertThat(PingProbe.parse(new CommandResult("local", "ping", 2, "", "ping: connect: Network is unreachable", Duration.ZERO)).error())
                .isEqualTo("ping: connect: Network is unreachable");
    }

    // --- issue 20: whether the database server's process runs, by its pid file and /proc

    /** Runs the script's database-process part on this machine and reads what it printed. */
    private static io.hactl.model.DbProcess look(java.nio.file.Path pidFile) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", NodeScript.dbProcess(pidFile.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return NodeScript.parse(out).dbProcess();
    }

    @Test
    void theScriptSeesARunningMariadbdByItsPidFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bin = dir.resolve("mariadbd");
        java.nio.file.Files.copy(java.nio.file.Path.of("/bin/sleep"), bin);
        bin.toFile().setExecutable(true);
        Process server = new ProcessBuilder(bin.toString(), "30").start();
        try {
            java.nio.file.Path pid = dir.resolve("it's mariadbd.pid");
            java.nio.file.Files.writeString(pid, server.pid() + "\n");
            assertThat(look(pid)).isEqualTo(new io.hactl.model.DbProcess(true, server.pid(), pid.toString()));
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void theScriptSeesNoProcessWhenThePidFileNamesAGoneOrAnotherProcess(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pid = dir.resolve("mariadbd.pid");
        // this JVM: alive, but not a mariadbd (the lab's nodes share one PID space: a PID may be reused)
        java.nio.file.Files.writeString(pid, ProcessHandle.current().pid() + "\n");
        assertThat(look(pid)).isEqualTo(new io.hactl.model.DbProcess(false, ProcessHandle.current().pid(), pid.toString()));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        java.nio.file.Files.writeString(pid, gone.pid() + "\n");
        assertThat(look(pid)).isEqualTo(new io.hactl.model.DbProcess(false, gone.pid(), pid.toString()));
        assertThat(look(dir.resolve("absent.pid"))).isEqualTo(new io.hactl.model.DbProcess(false, null,
                dir.resolve("absent.pid").toString()));
    }

    @Test
    void anUnreadablePidFileTellsNothing() {
        assertThat(NodeScript.parse("@@DBPROC /x/mariadbd.pid\nUNREADABLE\n").dbProcess()).isNull();
        assertThat(NodeScript.parse("@@ADDR\n").dbProcess()).isNull();
    }

    @Test
    void theProbeScriptLooksAtTheDatabaseProcessOnlyWhenItsPidFileIsKnown() {
        String with = NodeScript.build("eth0", Map.of(), List.of(), Duration.ofMillis(300), Map.of(), "/srv/n1/mariadbd.pid");
        assertThat(with).contains(NodeScript.dbProcess("/srv/n1/mariadbd.pid"));
        assertThat(NodeScript.build("eth0", Map.of(), List.of(), Duration.ofMillis(300), Map.of(), null))
                .doesNotContain("@@DBPROC");
    }
}
