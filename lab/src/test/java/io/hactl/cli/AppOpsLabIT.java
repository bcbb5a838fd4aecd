package io.hactl.cli;

import static io.hactl.cli.CheckLabIT.hactl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** start/stop, master-set/master-unset and history on the real lab. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class AppOpsLabIT {

    static final String N1_MAC = "02:00:c6:33:64:0b";
    static final String N2_MAC = "02:00:c6:33:64:0c";

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    static CheckLabIT.Run run(Lab lab, String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = lab.config().toString();
        return hactl(full);
    }

    static JsonNode check(Lab lab) throws Exception {
        return run(lab, "check", "--json").json();
    }

    static List<OperationEntry> log(Lab lab) {
        return new TransitionLog(lab.dir().resolve("state")).read(OperationEntry.class);
    }

    @Test
    void stopAndStartFollowTheOrderAndAreIdempotent(Lab lab) throws Exception {
        CheckLabIT.Run stop = run(lab, "stop", "--node", "n1");
        assertThat(stop.exit()).as(stop.out()).isZero();
        assertThat(stop.out()).containsPattern(" 1\\. n1 +stop tomcat \\(pids \\d+\\) \\.\\.\\. ok")
                .containsPattern(" 2\\. n1 +stop backend \\(pids \\d+\\) \\.\\.\\. ok");
        JsonNode j = check(lab);
        assertThat(j.at("/snapshot/nodes/0/services/0/running").asBoolean()).isFalse();
        assertThat(j.at("/snapshot/nodes/0/services/1/running").asBoolean()).isFalse();
        assertThat(j.at("/app/code").asText()).isEqualTo("SERVICES_DOWN");

        CheckLabIT.Run again = run(lab, "stop", "--node", "n1");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("stop tomcat ... skipped: not running", "stop backend ... skipped: not running");

        CheckLabIT.Run start = run(lab, "start", "--node", "n1");
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(start.out()).containsPattern(" 1\\. n1 +start backend \\.\\.\\. ok")
                .containsPattern(" 2\\. n1 +start tomcat \\.\\.\\. ok");
        assertThat(start.out()).containsPattern("start tomcat \\.\\.\\. ok: pids \\d+, port 8080 answering");
        assertThat(check(lab).at("/app/code").asText()).isEqualTo("ACTIVE");
        assertThat(run(lab, "start", "--node", "n1").out()).contains("start backend ... skipped: already running");

        List<OperationEntry> entries = log(lab);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("start");
            assertThat(e.event()).isEqualTo(Event.STEP_END);
            assertThat(e.step()).isEqualTo("start tomcat");
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.who()).contains("@");
            assertThat(e.why()).contains("hactl start --node n1");
        });
    }

    @Test
    void unknownServiceIsRefusedAndLogged(Lab lab) {
        CheckLabIT.Run r = run(lab, "start", "--node", "n1", "frontend");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("REFUSED: no service named 'frontend'", "configured services: backend, tomcat",
                "nothing was changed");
        assertThat(log(lab)).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.REFUSED);
            assertThat(e.detail()).contains("frontend");
        });
    }

    @Test
    void startOnThePassiveNodeIsRefusedWhileTheActiveNodesServicesAnswer(Lab lab) throws Exception {
        CheckLabIT.Run r = run(lab, "start", "--node", "n2");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("start: REFUSED: n1 still runs its copies of the application services: backend"
                        + " (port 9090 answers on 198.51.100.11, pids ", "tomcat (port 8080 answers on 198.51.100.11, pids ",
                "starting them on n2 would make two active application servers",
                "what to do: stop them on n1 first: hactl master-unset --node n1", "nothing was changed.");
        JsonNode j = check(lab);
        assertThat(j.at("/snapshot/nodes/1/services/0/running").asBoolean()).isFalse();
        assertThat(j.at("/snapshot/nodes/1/services/1/running").asBoolean()).isFalse();
        assertThat(log(lab)).last().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("start");
            assertThat(e.event()).isEqualTo(Event.REFUSED);
        });
    }

    @Test
    void masterSetMovesTheAppVipBothWays(Lab lab) throws Exception {
        CheckLabIT.Run toN2 = run(lab, "master-set", "--node", "n2");
        assertThat(toN2.exit()).as(toN2.out()).isZero();
        assertThat(toN2.out()).contains("verify 198.51.100.88 is answered by n2 only ... ok");
        JsonNode j = check(lab);
        assertThat(j.at("/app/code").asText()).isEqualTo("ACTIVE");
        assertThat(j.at("/app/master").asText()).isEqualTo("n2");
        assertThat(j.at("/snapshot/appVip/holders").toString()).isEqualTo("[\"n2\"]");
        assertThat(j.at("/snapshot/appVip/answeringMacs").toString()).isEqualTo("[\"" + N2_MAC + "\"]");
        assertThat(j.at("/snapshot/nodes/0/services/1/running").asBoolean()).isFalse();
        assertThat(Lab.httpStatus("198.51.100.88", 8080)).isEqualTo(200);

        assertThat(run(lab, "master-set", "--node", "n2").out()).contains("nothing to do");

        CheckLabIT.Run back = run(lab, "master-set", "--node", "n1");
        assertThat(back.exit()).as(back.out()).isZero();
        JsonNode k = check(lab);
        assertThat(k.at("/app/master").asText()).isEqualTo("n1");
        assertThat(k.at("/snapshot/appVip/answeringMacs").toString()).isEqualTo("[\"" + N1_MAC + "\"]");
    }

    @Test
    void masterSetWithTheOtherNodeCutOffTakesControlThenUnsetResolvesTheConflict(Lab lab) throws Exception {
        lab.linkDown("n1");
        CheckLabIT.Run r = run(lab, "master-set", "--node", "n2");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("n1: UNREACHABLE", "assumed down", "nobody answers ARP for 198.51.100.88");
        assertThat(check(lab).at("/snapshot/appVip/holders").toString()).isEqualTo("[\"n2\"]");

        // n1 comes back still holding the VIP: the seed's IP conflict, and its FAQ's fix
        lab.linkUp("n1");
        JsonNode conflict = check(lab);
        assertThat(conflict.at("/app/code").asText()).isEqualTo("VIP_CONFLICT");
        CheckLabIT.Run unset = run(lab, "master-unset", "--node", "n1");
        assertThat(unset.exit()).as(unset.out()).isZero();
        JsonNode after = check(lab);
        assertThat(after.at("/app/code").asText()).isEqualTo("ACTIVE");
        assertThat(after.at("/app/master").asText()).isEqualTo("n2");
    }

    @Test
    void masterSetRefusesWhenTheUnreachableNodeStillAnswersForTheVip(Lab lab) throws Exception {
        long sshd = Long.parseLong(Files.readString(lab.dir().resolve("n1/sshd/sshd.pid")).strip());
        assertThat(lab.nsExec("n1", "kill", Long.toString(sshd)).exit()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !io.hactl.probe.TcpProbe.open("198.51.100.11", 22, java.time.Duration.ofMillis(200)));

        CheckLabIT.Run dry = run(lab, "master-set", "--node", "n2", "--dry-run");
        assertThat(dry.exit()).isEqualTo(2);
        CheckLabIT.Run r = run(lab, "master-set", "--node", "n2");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("REFUSED: n1 is unreachable", "is still answered by [" + N1_MAC + "]",
                "IP conflict", "--force", "nothing was changed");
        JsonNode j = check(lab);
        assertThat(j.at("/snapshot/nodes/1/addresses").toString()).doesNotContain("198.51.100.88");
    }

    @Test
    void dryRunChangesNothing(Lab lab) throws Exception {
        JsonNode before = check(lab);
        CheckLabIT.Run dry = run(lab, "master-set", "--node", "n2", "--dry-run");
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("(dry run: not done)", "nothing was changed");
        CheckLabIT.Run stopDry = run(lab, "stop", "--node", "n1", "--dry-run");
        assertThat(stopDry.out()).contains("stop tomcat (pids");
        JsonNode after = check(lab);
        for (String p : List.of("/snapshot/appVip/holders", "/snapshot/dbVip/holders", "/snapshot/nodes/0/services",
                "/snapshot/nodes/1/services", "/app/code", "/db/code")) {
            assertThat(after.at(p)).as(p).isEqualTo(before.at(p));
        }
    }

    @Test
    void historyPrintsStepsAndJson(Lab lab) throws Exception {
        run(lab, "stop", "--node", "n2");
        CheckLabIT.Run h = run(lab, "history", "--last", "5");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("TIME (UTC)", "OPERATION", "stop");
        CheckLabIT.Run j = run(lab, "history", "--json", "--last", "1");
        JsonNode last = TransitionLog.mapper().readTree(j.out().strip());
        assertThat(last.get("operation").asText()).isEqualTo("stop");
        assertThat(last.get("event").asText()).isEqualTo("operation-end");
        assertThat(Path.of(lab.dir().resolve("state").resolve("transitions.jsonl").toString())).exists();
    }
}
