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
        assertThat(s).contains("pgrep -d ' ' -f -- '[-]Dcatalina.base=/srv/it'\\''s/tomcat'");
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
        assertThat(s).contains("echo '@@SVC tomcat'; P=$(pgrep -d ' ' -f -- '[c]atalina.base=/srv/tomcat');"
                + " echo \"$P\"; if [ -z \"$P\" ]; then echo '@@LOG tomcat'; tail -n 5 -- '/srv/it'\\''s/catalina.out'"
                + " 2>&1 | while IFS= read -r l || [ -n \"$l\" ]; do printf '|%.1200s\\n' \"$l\"; done; fi");
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

    // --- issue 20: the probe script runs builtins where it can, and asks which arping the node has only once

    /** Runs {@code script} with {@code sh -s} on this machine, PATH = {@code path}; what it printed, parsed. */
    private static NodeFacts runLocally(String script, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-s");
        pb.environment().put("PATH", path);
        Process p = pb.start();
        p.getOutputStream().write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return NodeScript.parse(out);
    }

    /** A directory with an executable {@code arping} of this shell script and the tools the script runs (wrappers). */
    private static java.nio.file.Path fakeBin(java.nio.file.Path dir, String arping) throws Exception {
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("mktemp", "rm", "pgrep", "tail", "grep", "ip")) {
            for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                java.nio.file.Path t = java.nio.file.Path.of(d, tool);
                if (java.nio.file.Files.isExecutable(t) && !java.nio.file.Files.exists(bin.resolve(tool))) {
                    java.nio.file.Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + t + " \"$@\"\n");
                    bin.resolve(tool).toFile().setExecutable(true);
                }
            }
        }
        if (arping != null) {
            java.nio.file.Path a = bin.resolve("arping");
            java.nio.file.Files.writeString(a, "#!/bin/sh\necho \"$*\" >>'" + dir.resolve("calls") + "'\n" + arping);
            a.toFile().setExecutable(true);
        }
        return bin;
    }

    private static final String HABETS_ARPING = """
            case "$1" in --help) echo 'ARPing 2.23, by Thomas Habets <thomas@habets.se>'; exit 0 ;; esac
            case " $* " in *" -r "*) echo 02:aa:bb:00:00:12; exit 0 ;; esac
            echo "arping: unknown option" >&2; exit 2
            """;

    private static final String IPUTILS_ARPING = """
            case " $* " in *" --help "*|*" -r "*) echo "arping: invalid option -- 'r'" >&2; exit 2 ;; esac
            echo 'Unicast reply from 198.51.100.89 [02:AA:BB:00:00:13]  0.612ms'; exit 1
            """;

    /** The ARP part for VIP 198.51.100.89 with {@code arping} as the node's (null: none) and {@code known} as kept. */
    private static NodeFacts arpProbe(java.nio.file.Path dir, String arping, String known) throws Exception {
        java.nio.file.Path bin = fakeBin(dir, arping);
        return runLocally(NodeScript.build("eth0", Map.of(), List.of("198.51.100.89"), Duration.ofMillis(300), Map.of(),
                null, known), bin.toString());
    }

    private static List<String> calls(java.nio.file.Path dir) throws Exception {
        java.nio.file.Path c = dir.resolve("calls");
        return java.nio.file.Files.exists(c) ? java.nio.file.Files.readAllLines(c) : List.of();
    }

    @Test
    void aNodeWhoseArpingIsNotKnownIsAskedOnceAndSaysWhichItHas(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        NodeFacts f = arpProbe(dir, HABETS_ARPING, null);
        assertThat(f.arping()).isEqualTo(NodeScript.HABETS);
        assertThat(f.arpReplies()).containsEntry("198.51.100.89", List.of("02:aa:bb:00:00:12"));
        assertThat(calls(dir)).containsExactly("--help", "-i eth0 -r -c 3 -W 0.05 -w 0.30 198.51.100.89");
    }

    @Test
    void aKnownArpingIsStartedAtOnceWithoutAskingItsHelp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bin = fakeBin(dir, HABETS_ARPING);
        NodeFacts f = runLocally(NodeScript.build("eth0", Map.of(), List.of("198.51.100.89", "198.51.100.88"),
                Duration.ofMillis(300), Map.of(), null, NodeScript.HABETS), bin.toString());
        assertThat(f.arping()).as("nothing asked, nothing said").isNull();
        assertThat(f.arpReplies()).containsEntry("198.51.100.89", List.of("02:aa:bb:00:00:12"))
                .containsEntry("198.51.100.88", List.of("02:aa:bb:00:00:12"));
        assertThat(calls(dir)).hasSize(2).noneMatch(c -> c.contains("--help"));
    }

    @Test
    void anArpingReplacedByTheOtherOneIsAskedAgainInTheSameRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        NodeFacts f = arpProbe(dir, IPUTILS_ARPING, NodeScript.HABETS);
        assertThat(f.arping()).isEqualTo(NodeScript.IPUTILS);
        assertThat(f.arpReplies()).containsEntry("198.51.100.89", List.of("02:aa:bb:00:00:13"));
        assertThat(f.arpErrors()).isEmpty();
    }

    @Test
    void aRemovedArpingIsSaidToBeMissingEvenWhenItWasKnown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        NodeFacts f = arpProbe(dir, null, NodeScript.HABETS);
        assertThat(f.arpErrors()).containsEntry("198.51.100.89", "arping is not installed on this node");
    }

    @Test
    void aServicesProcessIsFoundButNotAnotherProbesPgrepForTheSamePattern(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String marker = "hactl-test-" + java.util.UUID.randomUUID() + " --node n2";
        Process service = new ProcessBuilder("/bin/sh", "-c", "sleep 30; :", marker).start();
        // the command line another probe's pgrep has while it looks for the same service at the same moment
        Process otherProbe = new ProcessBuilder("/bin/sh", "-c", "sleep 30; :", "pgrep -d ' ' -f -- "
                + NodeScript.notItself(marker)).start();
        try {
            NodeFacts f = runLocally(NodeScript.build("eth0", Map.of("backend", marker), List.of(),
                    Duration.ofMillis(300)), fakeBin(dir, null).toString());
            assertThat(f.servicePids()).containsEntry("backend", List.of(service.pid()));
            assertThat(NodeScript.notItself("-Dcatalina.base=/srv")).isEqualTo("[-]Dcatalina.base=/srv");
            assertThat(NodeScript.notItself("^java .*Backend")).as("a regex's own first character is left")
                    .isEqualTo("^java .*Backend");
        } finally {
            service.destroyForcibly().waitFor();
            otherProbe.destroyForcibly().waitFor();
        }
    }

    @Test
    void theLogTailKeepsTheLastLinesEachMarkedAndCut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = dir.resolve("it's.log");
        String longLine = "x".repeat(1500);
        java.nio.file.Files.writeString(log, "one\ntwo\n  three  \n@@ADDR\n\n" + longLine + "\nlast, no newline");
        NodeFacts f = runLocally(NodeScript.build("eth0", Map.of("backend", "hactl-test-" + java.util.UUID.randomUUID()),
                List.of(), Duration.ofMillis(300), Map.of("backend", log.toString())), fakeBin(dir, null).toString());
        assertThat(f.servicePids()).containsEntry("backend", List.of());
        assertThat(f.logTails().get("backend")).containsExactly("  three  ", "@@ADDR", "", "x".repeat(1200),
                "last, no newline");
    }

    @Test
    void thePidFilesNumberIsReadWholeOrNotAtAll(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path pid = dir.resolve("mariadbd.pid");
        java.nio.file.Files.writeString(pid, "12ab34\n");
        assertThat(look(pid)).as("not a number: tells nothing").isNull();
        java.nio.file.Files.writeString(pid, "  " + ProcessHandle.current().pid() + "  \n");
        assertThat(look(pid)).isEqualTo(new io.hactl.model.DbProcess(false, ProcessHandle.current().pid(), pid.toString()));
    }
}
