package io.hactl.selffence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.Connection;
import io.hactl.coordination.CoordinationEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelfFenceTest {

    static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    final AtomicReference<Connection> connection = new AtomicReference<>(
            new Connection(Connection.State.CONNECTED, T0, null));
    final AtomicReference<PeerReach.Answer> peer = new AtomicReference<>(new PeerReach.Answer(null, "timed out"));
    final List<String> fences = new CopyOnWriteArrayList<>();
    final StringWriter out = new StringWriter();
    final SelfFence selfFence = new SelfFence("n1", "n2", connection::get, peer::get, why -> {
        fences.add(why);
        return "done: DB VIP detached, read-only, ended 3 session(s)";
    }, new PrintWriter(out, true), Clock.fixed(T0.plusSeconds(2), ZoneOffset.UTC));

    @AfterEach
    void close() {
        selfFence.close();
    }

    private void suspend() {
        connection.set(new Connection(Connection.State.SUSPENDED, T0, T0));
    }

    @Test
    void cutOffFromBothTheNodeIsFencedOnceForTheWholeOutage() {
        suspend();
        selfFence.check();
        selfFence.check();
        selfFence.check();
        assertThat(fences).hasSize(1);
        assertThat(fences.get(0)).contains("n1 is cut off", "ZooKeeper unusable for 2.0 s");
        assertThat(out.toString()).contains("self-fence of n1: done: DB VIP detached, read-only, ended 3 session(s)");
    }

    @Test
    void withThePeerAnsweringNothingIsFencedAndTheReasonIsSaidOnce() {
        suspend();
        peer.set(new PeerReach.Answer("198.51.100.12:3306", null));
        selfFence.check();
        selfFence.check();
        assertThat(fences).isEmpty();
        assertThat(out.toString().lines().filter(l -> l.contains("not fencing n1"))).hasSize(1);
    }

    @Test
    void aUsableConnectionFencesNothing() {
        selfFence.check();
        assertThat(fences).isEmpty();
    }

    @Test
    void aSuspendedEventStartsTheWatchAndTheNodeIsFencedWithoutAnotherEvent() {
        suspend();
        selfFence.accept(new CoordinationEvent.Suspended(T0));
        await().atMost(Duration.ofSeconds(5)).until(() -> fences.size() == 1);
        assertThat(selfFence.last()).contains("self-fence of n1: done");
    }

    @Test
    void aFailedFenceIsTriedAgainWhileTheOutageLastsAndSaidOnce() {
        suspend();
        AtomicReference<Integer> calls = new AtomicReference<>(0);
        SelfFence flaky = new SelfFence("n1", "n2", connection::get, peer::get, why -> {
            calls.set(calls.get() + 1);
            if (calls.get() < 3) {
                throw new IllegalStateException("exit 1 after: nothing");
            }
            return "done: DB VIP detached";
        }, new PrintWriter(out, true), Clock.systemUTC());
        try {
            flaky.check();
            flaky.check();
            flaky.check();
            flaky.check();
        } finally {
            flaky.close();
        }
        assertThat(calls.get()).isEqualTo(3);
        assertThat(out.toString().lines().filter(l -> l.contains("self-fence of n1 failed"))).hasSize(1);
        assertThat(out.toString()).contains("self-fence of n1: done: DB VIP detached");
    }

    @Test
    void afterTheConnectionCameBackANewOutageFencesAgain() {
        suspend();
        selfFence.check();
        connection.set(new Connection(Connection.State.RECONNECTED, T0.plusSeconds(5), null));
        selfFence.check();
        assertThat(out.toString()).contains("n1 stays fenced now that ZooKeeper answers again");
        suspend();
        selfFence.check();
        assertThat(fences).hasSize(2);
    }

    @Test
    void theFencerIsPreparedAtStartOnItsOwnThreadBeforeAnyOutage() {
        List<String> prepared = new CopyOnWriteArrayList<>();
        SelfFence.Fencer fencer = new SelfFence.Fencer() {
            @Override
            public String fence(String why) {
                return "done";
            }

            @Override
            public void prepare() {
                prepared.add(Thread.currentThread().getName());
            }
        };
        try (SelfFence f = new SelfFence("n1", "n2", connection::get, peer::get, fencer, new PrintWriter(out, true),
                Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> prepared.size() == 1);
            assertThat(prepared).containsExactly("hactl-self-fence");
        }
    }
}
