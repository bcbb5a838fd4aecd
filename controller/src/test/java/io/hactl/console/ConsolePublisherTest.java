package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The live updates' publisher on its own (no web server): its cap, and what it asks and renders. */
class ConsolePublisherTest {

    final AtomicReference<ConsolePairView> view = new AtomicReference<>(view("n1"));
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger rendered = new AtomicInteger();
    final ConsolePublisher publisher = new ConsolePublisher(() -> {
        asked.incrementAndGet();
        return view.get();
    }, v -> "<div>" + v.state() + rendered.incrementAndGet() + "</div>", Duration.ofHours(1), Duration.ofHours(1),
            ConsolePublisher.PER_USER);

    static ConsolePairView view(String master) {
        return ConsolePairView.of(ConsoleFixtures.healthy(master, master.equals("n1") ? "n2" : "n1"), null, List.of(),
                Instant.parse("2025-05-01T10:00:05Z"));
    }

    @Test
    void oneUserMayOpenEightStreamsTheNinthIsRefusedAnotherUserStillGetsOne() {
        for (int i = 0; i < ConsolePublisher.PER_USER; i++) {
            assertThat(publisher.subscribe("victor")).as("stream " + (i + 1)).isNotNull();
        }
        assertThat(publisher.subscribe("victor")).isNull();
        assertThat(publisher.subscribe("alice")).isNotNull();
        assertThat(publisher.open()).isEqualTo(ConsolePublisher.PER_USER + 1);
    }

    @Test
    void nobodyConnectedNothingIsAskedOfTheController() {
        publisher.tick();
        publisher.tick();
        assertThat(asked).hasValue(0);
    }

    @Test
    void anUnchangedPairIsRenderedOnceAChangedOneAgain() {
        publisher.subscribe("victor");
        publisher.tick();
        publisher.tick();
        publisher.tick();
        assertThat(asked).hasValue(3);
        assertThat(rendered).hasValue(1);
        view.set(view("n2"));
        publisher.tick();
        assertThat(rendered).hasValue(2);
    }

    @Test
    void aViewThatCannotBeMadeIsSaidNotThrownAndTheNextTickTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        ConsolePublisher p = new ConsolePublisher(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no status yet");
            }
            return view.get();
        }, v -> "<div>" + rendered.incrementAndGet() + "</div>", Duration.ofHours(1), Duration.ofHours(1), 1);
        p.subscribe("victor");
        assertThatCode(p::tick).as("a throw would end the scheduled task for good").doesNotThrowAnyException();
        p.tick();
        assertThat(rendered).hasValue(1);
    }
}
