package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the gateway. Tags are bounded: {@code command} is one of the implemented command names,
 * "unknown" or "invalid"; {@code result} is ok | no | bad | bye | error | io (the client went away).
 */
public final class ImapMetrics {
    private final MeterRegistry registry;
    private final Counter sessions;
    private final AtomicInteger active = new AtomicInteger();

    public ImapMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Prometheus naming appends _total to counters: exported as mail_imap_sessions_total
        this.sessions = Counter.builder("mail.imap.sessions").description("IMAP connections accepted")
                .register(registry);
        registry.gauge("mail.imap.sessions.active", active);
    }

    /** Hits, misses, evictions and size of the body cache: cache_gets_total{cache="imap-bodies",result="hit"} etc. */
    public void blobCache(BlobCache cache) {
        if (cache.caffeine() != null) {
            CaffeineCacheMetrics.monitor(registry, cache.caffeine(), "imap-bodies");
        }
    }

    public void sessionOpened() {
        sessions.increment();
        active.incrementAndGet();
    }

    public void sessionClosed() {
        active.decrementAndGet();
    }

    public void command(String command, String result, long elapsedNanos) {
        Counter.builder("mail.imap.commands").description("IMAP commands by result")
                .tag("command", command).tag("result", result).register(registry).increment();
        Timer.builder("mail.imap.command").description("IMAP command duration")
                .tag("command", command).tag("result", result).register(registry)
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
