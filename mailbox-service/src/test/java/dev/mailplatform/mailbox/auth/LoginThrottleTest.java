package dev.mailplatform.mailbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), 1000, clock);

    @Test
    void locksAfterMaxFailuresCaseInsensitively() {
        assertThat(throttle.recordFailure("bob@example.com")).isFalse();
        assertThat(throttle.recordFailure("BOB@example.com")).isFalse();
        assertThat(throttle.isLocked("bob@example.com")).isFalse();
        assertThat(throttle.recordFailure("Bob@Example.com")).isTrue();
        assertThat(throttle.isLocked("bob@example.com")).isTrue();
        assertThat(throttle.isLocked("alice@example.com")).isFalse();
    }

    @Test
    void lockExpires() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("bob");
        }
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.isLocked("bob")).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(throttle.isLocked("bob")).isFalse();
        // a fresh window: one failure does not lock again
        assertThat(throttle.recordFailure("bob")).isFalse();
        assertThat(throttle.isLocked("bob")).isFalse();
    }

    @Test
    void successForgetsFailures() {
        throttle.recordFailure("bob");
        throttle.recordFailure("bob");
        throttle.recordSuccess("bob");
        assertThat(throttle.recordFailure("bob")).isFalse();
        assertThat(throttle.isLocked("bob")).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAccumulate() {
        throttle.recordFailure("bob");
        throttle.recordFailure("bob");
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.recordFailure("bob")).isFalse();
        assertThat(throttle.isLocked("bob")).isFalse();
    }

    @Test
    void memoryIsBounded() {
        LoginThrottle small = new LoginThrottle(3, Duration.ofMinutes(5), 100, clock);
        for (int i = 0; i < 1000; i++) {
            small.recordFailure("user" + i);
        }
        assertThat(small.trackedUsernames()).isLessThanOrEqualTo(100);
    }
}
