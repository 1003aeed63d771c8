package dev.mailplatform.mailbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A repeated correct login skips bcrypt; anything else (wrong password, changed hash, disabled cache) runs it. */
class VerifiedPasswordCacheTest {
    private final AtomicInteger bcryptRuns = new AtomicInteger();

    private boolean bcrypt(boolean result) {
        bcryptRuns.incrementAndGet();
        return result;
    }

    @Test
    void aRepeatedCorrectPasswordSkipsBcrypt() {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(10, Duration.ofMinutes(5));
        assertThat(cache.verify("secret", "$2a$hash-1", () -> bcrypt(true))).isTrue();
        assertThat(cache.verify("secret", "$2a$hash-1", () -> bcrypt(true))).isTrue();
        assertThat(cache.verify("secret", "$2a$hash-1", () -> bcrypt(true))).isTrue();
        assertThat(bcryptRuns).hasValue(1);
    }

    @Test
    void aWrongPasswordAlwaysPaysBcryptAndIsNeverRemembered() {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(10, Duration.ofMinutes(5));
        assertThat(cache.verify("secret", "$2a$hash-1", () -> bcrypt(true))).isTrue();
        assertThat(cache.verify("guess", "$2a$hash-1", () -> bcrypt(false))).isFalse();
        assertThat(cache.verify("guess", "$2a$hash-1", () -> bcrypt(false))).isFalse();
        assertThat(bcryptRuns).hasValue(3);
        assertThat(cache.verify("secret", "$2a$hash-1", () -> bcrypt(false)))
                .as("the right password is still remembered").isTrue();
        assertThat(bcryptRuns).hasValue(3);
    }

    @Test
    void aChangedPasswordHashIsAMiss() {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(10, Duration.ofMinutes(5));
        assertThat(cache.verify("old", "$2a$hash-old", () -> bcrypt(true))).isTrue();
        // after a password change the stored hash differs: the old password must go through bcrypt and fail
        assertThat(cache.verify("old", "$2a$hash-new", () -> bcrypt(false))).isFalse();
        assertThat(bcryptRuns).hasValue(2);
    }

    @Test
    void expiresAfterTheTtlAndCanBeDisabled() throws Exception {
        VerifiedPasswordCache shortLived = new VerifiedPasswordCache(10, Duration.ofMillis(50));
        shortLived.verify("secret", "$2a$h", () -> bcrypt(true));
        Thread.sleep(200);
        shortLived.verify("secret", "$2a$h", () -> bcrypt(true));
        assertThat(bcryptRuns).hasValue(2);

        VerifiedPasswordCache disabled = new VerifiedPasswordCache(0, Duration.ofMinutes(5));
        disabled.verify("secret", "$2a$h", () -> bcrypt(true));
        disabled.verify("secret", "$2a$h", () -> bcrypt(true));
        assertThat(bcryptRuns).hasValue(4);
    }
}
