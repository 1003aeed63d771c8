/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * RFC 2449 §6.8 LOGIN-DELAY: remembers when each maildrop last logged in on this instance. Bounded: entries older
 * than the delay are useless and are swept when the map grows.
 */
public final class LoginDelays {
    private static final int SWEEP_ABOVE = 10_000;

    private final long delayNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<UUID, Long> lastLogin = new ConcurrentHashMap<>();

    public LoginDelays(Duration delay, LongSupplier nanoClock) {
        this.delayNanos = delay.toNanos();
        this.clock = nanoClock;
    }

    /** True (and the login is recorded) unless this maildrop logged in less than the delay ago. */
    public boolean tryLogin(UUID accountId) {
        if (delayNanos <= 0) {
            return true;
        }
        long now = clock.getAsLong();
        if (lastLogin.size() > SWEEP_ABOVE) {
            lastLogin.values().removeIf(at -> now - at >= delayNanos);
        }
        boolean[] allowed = {false};
        lastLogin.compute(accountId, (id, at) -> {
            if (at == null || now - at >= delayNanos) {
                allowed[0] = true;
                return now;
            }
            return at;
        });
        return allowed[0];
    }
}
