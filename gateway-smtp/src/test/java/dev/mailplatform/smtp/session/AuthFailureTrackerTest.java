/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureTrackerTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
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
    };

    @Test
    void locksOutAfterTheLimitAndForgivesAfterTheLockout() {
        AuthFailureTracker tracker = new AuthFailureTracker(3, Duration.ofMinutes(10), Duration.ofMinutes(5), clock);
        assertThat(tracker.recordFailure("192.0.2.1")).isFalse();
        assertThat(tracker.recordFailure("192.0.2.1")).isFalse();
        assertThat(tracker.isLockedOut("192.0.2.1")).isFalse();
        assertThat(tracker.recordFailure("192.0.2.1")).isTrue();
        assertThat(tracker.isLockedOut("192.0.2.1")).isTrue();
        assertThat(tracker.isLockedOut("192.0.2.2")).as("other addresses unaffected").isFalse();
        now = now.plus(Duration.ofMinutes(4));
        assertThat(tracker.isLockedOut("192.0.2.1")).isTrue();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(tracker.isLockedOut("192.0.2.1")).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        AuthFailureTracker tracker = new AuthFailureTracker(2, Duration.ofMinutes(1), Duration.ofMinutes(5), clock);
        tracker.recordFailure("192.0.2.9");
        now = now.plus(Duration.ofMinutes(2));
        assertThat(tracker.recordFailure("192.0.2.9")).isFalse();
        assertThat(tracker.isLockedOut("192.0.2.9")).isFalse();
    }
}
