package io.hactl.ops.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Event;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl start} and the controller's RESTART_SERVICES, one implementation: the services start
 * in order, a running one is skipped, and never while the other node's copies still answer (two
 * active application servers): refused before any change, naming the services, ports, node and fix.
 */
class ServicesStartTest {

    @TempDir
    Path dir;

    FakeNodes pair;

    @BeforeEach
    void setUp() {
        pair = new FakeNodes(dir);
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    private int start(String node) {
        return new ServicesStart(pair.config, pair.shells()).run(pair.runner(), pair.cfg(node), pair.services);
    }

    @Test
    void startSkipsRunningServicesAndStartsTheOthersInOrder() {
        pair.activeOnN1();
        pair.halt(pair.n1(), "tomcat");
        int exit = start("n1");
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).contains("start: start backend, tomcat on n1")
                .containsPattern(" 1\\. n1 +start backend \\.\\.\\. skipped: already running \\(pids \\d+\\)")
                .containsPattern(" 2\\. n1 +start tomcat \\.\\.\\. ok: pids \\d+, port \\d+ answering")
                .contains("start: done. backend, tomcat running on n1");
        assertThat(pair.n1().changes()).containsExactly("tomcat-ctl start n1");
        assertThat(pair.log()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("start");
            assertThat(e.step()).isEqualTo("start tomcat");
            assertThat(e.result()).isEqualTo("ok");
        });
    }

    @Test
    void startIsRefusedWhileTheOtherNodesCopiesAnswerOnTheirPorts_namingServicesPortsNodeAndFix() {
        pair.activeOnN1();
        int port = pair.services.get(1).port();
        int exit = start("n2");
        assertThat(exit).as(pair.out()).isEqualTo(2);
        assertThat(pair.out()).contains("start: REFUSED: n1 still runs its copies of the application services:",
                        "tomcat (port " + port + " answers on 127.0.0.1, pids ", "backend (pids ",
                        "starting them on n2 would make two active application servers",
                        "what to do: stop them on n1 first: hactl master-unset --node n1 (detaches the app VIP and"
                                + " stops its services) or hactl stop --node n1; to move the application to n2:"
                                + " hactl master-set --node n2",
                        "nothing was changed.");
        assertThat(pair.n2().changes()).isEmpty();
        assertThat(pair.n1().changes()).isEmpty();
        assertThat(pair.log()).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.REFUSED);
            assertThat(e.detail()).contains("tomcat", "n1", "hactl master-unset --node n1");
        });
    }

    @Test
    void startIsRefusedWhenTheOtherNodesCopyRunsByProcessThoughItHasNoPort() {
        pair.run(pair.n1(), "backend");
        int exit = start("n2");
        assertThat(exit).isEqualTo(2);
        assertThat(pair.out()).contains("REFUSED: n1 still runs its copies of the application services: backend (pids ");
        assertThat(pair.n2().changes()).isEmpty();
    }

    @Test
    void startWithTheOtherNodeUnreachableIsStillRefusedWhenItsCopiesAnswerOnTheirPorts() {
        pair.activeOnN1();
        pair.n1().reachable = false;
        int exit = start("n2");
        assertThat(exit).isEqualTo(2);
        assertThat(pair.out()).contains("REFUSED: n1 still runs its copies of the application services: tomcat (port "
                + pair.services.get(1).port() + " answers on 127.0.0.1)", "processes not looked at: n1 cannot be reached");
        assertThat(pair.n2().changes()).isEmpty();
    }

    @Test
    void startWithTheOtherNodeUnreachableAndItsPortsClosedGoesOnAndSaysItsProcessesWereNotSeen() {
        pair.n1().reachable = false;
        int exit = start("n2");
        assertThat(exit).as(pair.out()).isZero();
        assertThat(pair.out()).contains("n1: unreachable (", "its processes could not be looked at; no service port"
                + " of n1 answers");
        assertThat(pair.n2().changes()).containsExactly("backend-ctl start n2", "tomcat-ctl start n2");
    }

    @Test
    void startWithEverythingAlreadyRunningDoesNotLookAtTheOtherNode() {
        pair.activeOnN1();
        int exit = start("n1");
        assertThat(exit).isZero();
        assertThat(pair.out()).contains("skipped: already running");
        assertThat(pair.n2().commands).isEmpty();
    }
}
