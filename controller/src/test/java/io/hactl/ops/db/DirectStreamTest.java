package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The direct stream's commands: a listener on the node into mbstream, mariadb-backup on the master
 * into socat to it, each a process group of its own (its PID known, killed by it), every path from
 * data single-quoted, no password on a command line.
 */
class DirectStreamTest {

    static final DirectStream.Ends E = new DirectStream.Ends("198.51.100.11", "198.51.100.12", 4444);
    static final PhysicalRebuild.Dirs D = new PhysicalRebuild.Dirs("/var/lib/my sql");

    @Test
    void listener_acceptsOnlyTheMaster_onTheNodesOwnAddress_timesOutWithoutAConnection_intoMbstream() {
        String s = DirectStream.listenScript(E, D);
        assertThat(s).contains("socat -u -b 262144 TCP-LISTEN:4444,bind=198.51.100.12,range=198.51.100.11/32,reuseaddr,"
                        + "accept-timeout=" + DirectStream.ACCEPT.toSeconds() + " STDOUT")
                .contains("mbstream -x -C '/var/lib/my sql.hactl-new'")
                .contains("echo $? >\"$1/socat.rc\"").contains("echo $? >\"$1/mbstream.rc\"");
    }

    @Test
    void sender_streamsTheWholeServer_fromItsOptionFile_toTheNodesPort_fromTheMastersOwnAddress() {
        String s = DirectStream.sendScript(E, "/etc/mysql/it's.cnf");
        assertThat(s).contains("mariadb-backup --defaults-file='/etc/mysql/it'\\''s.cnf' --backup --stream=mbstream"
                        + " --parallel=2 --target-dir=\"$1/scratch\"")
                .contains("socat -u -b 262144 STDIN TCP:198.51.100.12:4444,bind=198.51.100.11,connect-timeout=5")
                .contains("echo $? >\"$1/backup.rc\"").contains("echo $? >\"$1/socat.rc\"")
                .doesNotContain("--password").doesNotContain(" -p");
    }

    @Test
    void start_runsTheScriptInAProcessGroupOfItsOwn_andPrintsItsRunDirectoryAndPid() {
        String c = NodeProcess.startCommand("echo 'hi'");
        assertThat(c).startsWith("d=$(mktemp -d /tmp/hactl-copy.XXXXXX) || exit 1; mkdir -- \"$d/scratch\" || exit 1;"
                        + " setsid sh -c 'echo $$ >\"$1/pid\"; echo '\\''hi'\\''' hactl-copy \"$d\" </dev/null"
                        + " >/dev/null 2>&1 &")
                .endsWith("echo \"$d $(cat -- \"$d/pid\" 2>/dev/null)\"");
    }

    @Test
    void stop_killsTheWholeGroupByItsPid_thenRemovesItsRunDirectory() {
        String c = NodeProcess.stopCommand("/tmp/hactl-copy.ab12", 4321);
        assertThat(c).startsWith("kill -s TERM -- -4321 2>/dev/null;").contains("kill -s KILL -- -4321 2>/dev/null")
                .endsWith("rm -rf -- '/tmp/hactl-copy.ab12'");
    }

    @Test
    void status_saysWhetherTheGroupRuns_andTheExitCodesSoFar() {
        assertThat(NodeProcess.statusCommand("/tmp/hactl-copy.ab12", 4321, "du -sb -- '/x' | cut -f1"))
                .startsWith("if kill -s 0 -- -4321 2>/dev/null; then echo running=1; else echo running=0; fi;")
                .contains("for f in '/tmp/hactl-copy.ab12'/*.rc;").endsWith("echo \"extra=$(du -sb -- '/x' | cut -f1)\"");
        assertThat(NodeProcess.parseStatus("running=0\nsocat=0\nmbstream=2\nextra=123\n"))
                .isEqualTo(Map.of("running", "0", "socat", "0", "mbstream", "2", "extra", "123"));
    }

    @Test
    void started_parsesTheRunDirectoryAndThePid_andRefusesAnythingElse() {
        NodeProcess.Started s = NodeProcess.parseStarted("/tmp/hactl-copy.ab12 4321\n");
        assertThat(s.dir()).isEqualTo("/tmp/hactl-copy.ab12");
        assertThat(s.pid()).isEqualTo(4321);
        assertThat(NodeProcess.parseStarted("/tmp/hactl-copy.ab12 \n")).isNull();
        assertThat(NodeProcess.parseStarted("")).isNull();
    }

    @Test
    void outcome_isDoneOnlyWhenBothGroupsEnded_andEveryExitCodeIsZero() {
        Map<String, String> okTarget = Map.of("running", "0", "socat", "0", "mbstream", "0");
        Map<String, String> okSource = Map.of("running", "0", "backup", "0", "socat", "0");
        assertThat(DirectStream.failure("n1", okSource, "n2", okTarget)).isNull();
        assertThat(DirectStream.running(okSource, okTarget)).isFalse();
        assertThat(DirectStream.running(Map.of("running", "1"), okTarget)).isTrue();
        assertThat(DirectStream.failure("n1", Map.of("running", "1"), "n2", Map.of("running", "1"))).isNull();
    }

    @Test
    void outcome_aKilledBackupOnTheMaster_isNamedFirst_evenThoughTheNodesEndsEndedCleanly() {
        DirectStream.Failure f = DirectStream.failure("n1", Map.of("running", "0", "backup", "137", "socat", "0"), "n2",
                Map.of("running", "0", "socat", "0", "mbstream", "0"));
        assertThat(f.words()).isEqualTo("mariadb-backup on n1 exited 137 (killed)");
        assertThat(f.onNode()).isFalse();
        assertThat(f.errFile()).isEqualTo("backup.err");
    }

    @Test
    void outcome_theNodesOwnErrorComesBeforeTheMastersBrokenPipe() {
        DirectStream.Failure f = DirectStream.failure("n1", Map.of("running", "0", "backup", "141", "socat", "1"), "n2",
                Map.of("running", "0", "socat", "0", "mbstream", "1"));
        assertThat(f.words()).isEqualTo("mbstream -x on n2 exited 1");
        assertThat(f.onNode()).isTrue();
        assertThat(f.errFile()).isEqualTo("mbstream.err");
    }

    @Test
    void outcome_aListenerThatNeverGotAConnection_saysSo() {
        DirectStream.Failure f = DirectStream.failure("n1", Map.of("running", "1"), "n2", Map.of("running", "1", "socat", "1"));
        assertThat(f.words()).isEqualTo("the listener (socat) on n2 exited 1");
    }

    @Test
    void outcome_anEndThatVanishedWithoutAnExitCode_isAFailure() {
        DirectStream.Failure f = DirectStream.failure("n1", Map.of("running", "0", "socat", "0"), "n2",
                Map.of("running", "0", "socat", "0", "mbstream", "0"));
        assertThat(f.words()).isEqualTo("mariadb-backup on n1 ended without an exit code (killed with its group?)");
    }
}
