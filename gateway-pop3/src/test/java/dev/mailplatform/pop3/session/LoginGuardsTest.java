/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** LOGIN-DELAY (RFC 2449 §6.8) and the per-address lockout, on a controlled clock. */
class LoginGuardsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void loginDelayRefusesASecondLoginUntilTheDelayHasPassed() {
        LoginDelays delays = new LoginDelays(Duration.ofSeconds(60), now::get);
        UUID account = UUID.randomUUID();
        assertThat(delays.tryLogin(account)).isTrue();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(delays.tryLogin(account)).isFalse();
        assertThat(delays.tryLogin(UUID.randomUUID())).as("other maildrops are not affected").isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(delays.tryLogin(account)).isTrue();
        assertThat(delays.tryLogin(account)).isFalse();
    }

    @Test
    void zeroLoginDelayNeverRefuses() {
        LoginDelays delays = new LoginDelays(Duration.ZERO, now::get);
        UUID account = UUID.randomUUID();
        assertThat(delays.tryLogin(account)).isTrue();
        assertThat(delays.tryLogin(account)).isTrue();
    }

    @Test
    void addressIsLockedAfterMaxFailuresForTheLockoutDuration() {
        AuthLockout lockout = new AuthLockout(3, Duration.ofMinutes(5), now::get);
        assertThat(lockout.recordFailure("192.0.2.1")).isFalse();
        assertThat(lockout.recordFailure("192.0.2.1")).isFalse();
        assertThat(lockout.isLocked("192.0.2.1")).isFalse();
        assertThat(lockout.recordFailure("192.0.2.1")).as("third failure locks").isTrue();
        assertThat(lockout.isLocked("192.0.2.1")).isTrue();
        assertThat(lockout.isLocked("192.0.2.2")).isFalse();
        lockout.recordSuccess("192.0.2.1");
        assertThat(lockout.isLocked("192.0.2.1")).as("a success does not lift a lockout").isTrue();
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(lockout.isLocked("192.0.2.1")).isFalse();
        assertThat(lockout.recordFailure("192.0.2.1")).as("counting starts over").isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        AuthLockout lockout = new AuthLockout(2, Duration.ofMinutes(1), now::get);
        lockout.recordFailure("198.51.100.7");
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(lockout.recordFailure("198.51.100.7")).isFalse();
        assertThat(lockout.isLocked("198.51.100.7")).isFalse();
    }
}
