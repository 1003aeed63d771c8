package dev.mailplatform.delivery.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Back-off with jitter: the delay before attempt n+1 and the stage it waits in. Pure apart from the random jitter. */
public final class RetrySchedule {
    private final List<Duration> delays;
    private final double jitter;

    public RetrySchedule(List<Duration> delays, double jitter) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("mail.relay.retry.schedule must list at least one delay");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("mail.relay.retry.jitter must be in [0, 1)");
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
    }

    public int stages() {
        return delays.size();
    }

    /** The retry stage (1..stages) a message waits in after its attempt {@code attempt} (0-based) was deferred. */
    public int stageAfter(int attempt) {
        return Math.min(attempt, delays.size() - 1) + 1;
    }

    /** The nominal delay after attempt {@code attempt}; the last one repeats until expiry. */
    public Duration delayAfter(int attempt) {
        return delays.get(stageAfter(attempt) - 1);
    }

    /** When attempt {@code attempt + 1} is due: now + delay ± jitter, so a burst of failures does not retry at once. */
    public Instant nextAttempt(int attempt, Instant now) {
        long millis = delayAfter(attempt).toMillis();
        double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return now.plusMillis(Math.max(0, Math.round(millis * factor)));
    }
}
