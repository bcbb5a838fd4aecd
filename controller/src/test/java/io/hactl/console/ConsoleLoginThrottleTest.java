package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The console's brake on guessing passwords: refusals counted per typed name and address, and per address. */
class ConsoleLoginThrottleTest {

    Instant now = Instant.parse("2026-12-06T03:00:00Z");
    ConsoleLoginThrottle throttle = new ConsoleLoginThrottle(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void fiveRefusalsForOneNameFromOneAddressHoldItsNextLoginForTheRestOfTheWindow() {
        for (int i = 0; i < 4; i++) {
            throttle.refused("alice", "198.51.100.7");
            now = now.plusSeconds(10);
        }
        assertThat(throttle.hold("alice", "198.51.100.7")).isEmpty();

        throttle.refused("alice", "198.51.100.7");

        assertThat(throttle.hold("alice", "198.51.100.7")).contains(Duration.ofMinutes(5).minusSeconds(40));
    }

    @Test
    void anotherAddressCanStillLogInAsThatName_soAGuesserCannotLockAnOperatorOut() {
        for (int i = 0; i < 5; i++) {
            throttle.refused("alice", "198.51.100.7");
        }
        assertThat(throttle.hold("alice", "198.51.100.8")).isEmpty();
        assertThat(throttle.hold("victor", "198.51.100.7")).isEmpty();
    }

    @Test
    void twentyRefusalsFromOneAddressHoldEveryNameFromIt() {
        for (int i = 0; i < 20; i++) {
            throttle.refused("name" + i, "198.51.100.7");
        }
        assertThat(throttle.hold("victor", "198.51.100.7")).isPresent();
        assertThat(throttle.hold("victor", "198.51.100.8")).isEmpty();
    }

    @Test
    void theHoldEndsWhenTheWindowHasPassedTheOldestRefusal() {
        for (int i = 0; i < 5; i++) {
            throttle.refused("alice", "198.51.100.7");
        }
        now = now.plus(ConsoleLoginThrottle.WINDOW);
        assertThat(throttle.hold("alice", "198.51.100.7")).isEmpty();
    }

    @Test
    void aLoginClearsItsNamesRefusalsFromThatAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.refused("alice", "198.51.100.7");
        }
        throttle.loggedIn("alice", "198.51.100.7");
        throttle.refused("alice", "198.51.100.7");
        assertThat(throttle.hold("alice", "198.51.100.7")).isEmpty();
    }

    @Test
    void namesAreCountedAsTyped_caseFolded_soALettersCaseDoesNotBuyMoreGuesses() {
        for (int i = 0; i < 5; i++) {
            throttle.refused(i % 2 == 0 ? "Alice" : "alice", "198.51.100.7");
        }
        assertThat(throttle.hold("ALICE", "198.51.100.7")).isPresent();
    }

    @Test
    void itRemembersABoundedNumberOfKeys_theOldestForgottenFirst() {
        for (int i = 0; i < ConsoleLoginThrottle.KEYS + 10; i++) {
            throttle.refused("name" + i, "198.51.100." + (i % 250));
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(ConsoleLoginThrottle.KEYS);
    }
}
