/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import dev.mailplatform.blobstore.BlobCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POP3 metrics. Tags are bounded: {@code command} is one of the RFC keywords or "unknown", {@code result} one of
 * {@link Outcome}; nothing per user or per tenant.
 */
@Singleton // not a lazy proxy: the meters must exist (at zero) from startup, before the first connection
public class Pop3Metrics {
    /** How a command ended, the {@code result} tag. */
    public enum Outcome {
        OK, ERR, IO;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter sessions;
    private final Counter retrBytes;
    private final Counter blobReadBytes;
    private final AtomicInteger open = new AtomicInteger();

    public Pop3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = Counter.builder("mail.pop3.sessions").description("POP3 connections accepted")
                .register(registry);
        this.retrBytes = Counter.builder("mail.pop3.retr.bytes").baseUnit("bytes")
                .description("Message octets sent by RETR and TOP, after byte-stuffing").register(registry);
        this.blobReadBytes = Counter.builder("mail.pop3.blob.read.bytes").baseUnit("bytes")
                .description("Message octets read for RETR and TOP (from object storage or the body cache)")
                .register(registry);
        registry.gauge("mail.pop3.sessions.open", open);
    }

    /** Hits, misses, evictions and size of the body cache: cache_gets_total{cache="pop3-bodies",result="hit"} etc. */
    public void blobCache(BlobCache cache) {
        if (cache.caffeine() != null) {
            CaffeineCacheMetrics.monitor(registry, cache.caffeine(), "pop3-bodies");
        }
    }

    public void sessionOpened() {
        sessions.increment();
        open.incrementAndGet();
    }

    public void sessionClosed() {
        open.decrementAndGet();
    }

    public void command(String command, Outcome outcome, Duration elapsed) {
        registry.counter("mail.pop3.commands", "command", command, "result", outcome.tag()).increment();
        Timer.builder("mail.pop3.command.seconds").tags("command", command, "result", outcome.tag())
                .register(registry).record(elapsed);
    }

    public void retrBytes(long octets) {
        retrBytes.increment(octets);
    }

    public void blobReadBytes(long octets) {
        blobReadBytes.increment(octets);
    }
}
