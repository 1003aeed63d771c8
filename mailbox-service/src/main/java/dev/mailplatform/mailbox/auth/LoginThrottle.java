package dev.mailplatform.mailbox.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per username in memory and refuses a username for {@code lockout} after {@code maxFailures}
 * failures, which stops online password guessing against one account. Per instance: with N replicas an attacker gets
 * at most N times the budget, an accepted trade-off until the counter moves to a shared store.
 */
public class LoginThrottle {
    private record Failures(int count, Instant firstAt, Instant lockedUntil) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final int maxTracked;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration lockout, int maxTracked, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("mail.mailbox.auth.max-failures must be >= 1");
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** True while the username is locked out. */
    public boolean isLocked(String username) {
        Failures current = failures.get(key(username));
        return current != null && current.lockedUntil() != null && clock.instant().isBefore(current.lockedUntil());
    }

    /** Records a failure; true when this failure locked the username. */
    public boolean recordFailure(String username) {
        Instant now = clock.instant();
        if (failures.size() >= maxTracked) {
            evictExpired(now);
        }
        if (failures.size() >= maxTracked) {
            // under a flood of distinct usernames, forget rather than grow without bound
            failures.clear();
        }
        Failures updated = failures.compute(key(username), (k, old) -> {
            if (old == null || now.isAfter(old.firstAt().plus(lockout))
                    || (old.lockedUntil() != null && !now.isBefore(old.lockedUntil()))) {
                old = new Failures(0, now, null);
            }
            int count = old.count() + 1;
            return new Failures(count, old.firstAt(), count >= maxFailures ? now.plus(lockout) : null);
        });
        return updated.count() == maxFailures;
    }

    public void recordSuccess(String username) {
        failures.remove(key(username));
    }

    int trackedUsernames() {
        return failures.size();
    }

    private void evictExpired(Instant now) {
        failures.entrySet().removeIf(entry -> now.isAfter(entry.getValue().firstAt().plus(lockout))
                && (entry.getValue().lockedUntil() == null || now.isAfter(entry.getValue().lockedUntil())));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
