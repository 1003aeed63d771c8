/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Temporary lockout of a remote address after too many failed logins across connections (password spraying from
 * one host). Per gateway instance and bounded in size; under a flood of distinct addresses it forgets rather than
 * grows, since the per-connection delay and the mailbox service's per-username lockout still apply.
 */
public final class AuthLockout {
    private static final int MAX_TRACKED = 50_000;

    private record Failures(int count, long firstAt, long lockedUntil) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    public AuthLockout(int maxFailures, Duration lockout, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = lockout.toNanos();
        this.clock = nanoClock;
    }

    public boolean isLocked(String address) {
        if (address == null) {
            return false;
        }
        Failures f = failures.get(address);
        return f != null && f.lockedUntil() != 0 && clock.getAsLong() - f.lockedUntil() < 0;
    }

    /** Records a failed login; true when this failure locked the address. */
    public boolean recordFailure(String address) {
        if (address == null) {
            return false;
        }
        long now = clock.getAsLong();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> now - f.firstAt() >= windowNanos && now - f.lockedUntil() >= 0);
            if (failures.size() >= MAX_TRACKED) {
                failures.clear();
            }
        }
        Failures updated = failures.compute(address, (a, old) -> {
            if (old == null || (now - old.firstAt() >= windowNanos && (old.lockedUntil() == 0
                    || now - old.lockedUntil() >= 0))) {
                old = new Failures(0, now, 0);
            }
            int count = old.count() + 1;
            return new Failures(count, old.firstAt(), count >= maxFailures ? now + windowNanos : old.lockedUntil());
        });
        return updated.count() == maxFailures;
    }

    public void recordSuccess(String address) {
        if (address != null) {
            failures.computeIfPresent(address, (a, f) -> f.lockedUntil() != 0 ? f : null);
        }
    }
}
