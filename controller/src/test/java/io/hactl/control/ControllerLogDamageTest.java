package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.api.ApiFixtures;
import io.hactl.api.ControllerApi;
import io.hactl.config.HactlConfig;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12 item 7 in the controller: it starts over a damaged log and says so; its history
 * carries the count; and it writes one controller-stop line although both the web context
 * and the shutdown hook close it.
 */
class ControllerLogDamageTest {

    static final Instant NOW = Instant.parse("2026-12-01T19:02:03Z");

    @TempDir
    Path dir;

    private TransitionLog damagedLog() throws IOException {
        TransitionLog log = new TransitionLog(dir);
        log.append(StateEntry.of(NOW.minusSeconds(60), "pair1", Event.CONTROLLER_START, null, null,
                "pid 1", null, ControlLoop.ACTOR, null));
        Files.write(log.file(), new byte[] {(byte) 0xFF, '\n'}, StandardOpenOption.APPEND);
        log.append(StateEntry.of(NOW.minusSeconds(30), "pair1", Event.STATE, "STARTING", "ACTIVE_SYNCED",
                "n1 master, n2 replicating", null, ControlLoop.ACTOR, null));
        return log;
    }

    @Test
    @DisplayName("The transition log must survive damage: the controller's start reads a log with a 0xFF byte and says so")
    void theTransitionLogMustSurviveDamage_theControllerStartReadsADamagedLogAndSaysSo() throws IOException {
        TransitionLog log = damagedLog();

        Recovery.Result r = Recovery.read(dir, log, NOW);

        assertThat(r.summary()).contains("transition log: 1 damaged line skipped (first at line 2)");
    }

    @Test
    @DisplayName("The transition log must survive damage: the controller's history returns every entry and the count")
    void theTransitionLogMustSurviveDamage_theControllersHistoryCarriesTheCount() throws IOException {
        damagedLog();
        HactlConfig cfg = ApiFixtures.config(0, true, dir);
        try (ControlLoop loop = new ControlLoop(cfg, new PrintWriter(new StringWriter()), Clock.fixed(NOW, ZoneOffset.UTC),
                ControllerEvents.NONE)) {
            TransitionLog.Contents all = loop.history(null);
            TransitionLog.Contents recent = loop.history(NOW.minusSeconds(45));

            assertThat(all.entries()).extracting(TransitionEntry::event).containsExactly(Event.CONTROLLER_START,
                    Event.STATE);
            assertThat(all.damageNote()).isEqualTo("1 damaged line skipped (first at line 2)");
            assertThat(recent.entries()).extracting(TransitionEntry::event).containsExactly(Event.STATE);
            assertThat(recent.damageNote()).isEqualTo(all.damageNote());
        }
    }

    @Test
    @DisplayName("The controller writes one controller-stop line, not two (the web context and the shutdown hook both close it)")
    void theControllerWritesOneControllerStopLine() {
        HactlConfig cfg = ApiFixtures.config(0, true, dir);
        ControlLoop loop = new ControlLoop(cfg, new PrintWriter(new StringWriter()), Clock.systemUTC(),
                ControllerEvents.NONE);
        ConfigurableApplicationContext web = ControllerApi.start(cfg, loop);

        // as ControllerCommand's shutdown hook does: the context (which holds the loop as a bean), then the loop
        web.close();
        loop.close();
        loop.close();

        assertThat(new TransitionLog(dir).read()).extracting(TransitionEntry::event).filteredOn(Event.CONTROLLER_STOP::equals)
                .hasSize(1);
    }
}
