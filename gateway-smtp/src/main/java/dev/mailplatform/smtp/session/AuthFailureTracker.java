/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed AUTH attempts per remote IP, across sessions and listeners of this instance: after {@code maxFailures}
 * within {@code window} the IP is locked out for {@code lockout}. The mailbox service throttles per account too;
 * this stops a guesser who spreads attempts over many accounts. Thread-safe (listeners run on several loops).
 */
public final class AuthFailureTracker {
    /** Stops an attacker rotating source addresses from growing the map without bound. */
    private static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Instant windowStart, int failures, Instant lockedUntil) {
    }

    public AuthFailureTracker(int maxFailures, Duration window, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.clock = clock;
    }

    public boolean isLockedOut(String ip) {
        Entry entry = entries.get(ip);
        return entry != null && entry.lockedUntil() != null && clock.instant().isBefore(entry.lockedUntil());
    }

    /** Counts one failure; true when this failure starts a lockout. */
    public boolean recordFailure(String ip) {
        Instant now = clock.instant();
        if (entries.size() > MAX_TRACKED) {
            entries.values().removeIf(e -> expired(e, now));
        }
        Entry updated = entries.compute(ip, (k, e) -> {
            if (e == null || expired(e, now)) {
                e = new Entry(now, 0, null);
            }
            int failures = e.failures() + 1;
            Instant lockedUntil = failures >= maxFailures ? now.plus(lockout) : e.lockedUntil();
            return new Entry(e.windowStart(), failures, lockedUntil);
        });
        return updated.failures() == maxFailures;
    }

    private boolean expired(Entry e, Instant now) {
        boolean windowOver = now.isAfter(e.windowStart().plus(window));
        boolean lockOver = e.lockedUntil() == null || now.isAfter(e.lockedUntil());
        return windowOver && lockOver;
    }
}
