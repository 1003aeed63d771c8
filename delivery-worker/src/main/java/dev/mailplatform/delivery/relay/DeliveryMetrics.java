package dev.mailplatform.delivery.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters, all named {@code mail_delivery_*} with small fixed tag sets: route (local, remote), result
 * (delivered, deferred, bounced), retry stage (0..schedule length), DNS failure kind, TLS yes/no.
 */
@ApplicationScoped
public class DeliveryMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> oldestAgeSeconds = new ConcurrentHashMap<>();
    private final Timer remoteLatency;
    private final Timer localLatency;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.remoteLatency = latency("remote");
        this.localLatency = latency("local");
    }

    private Timer latency(String route) {
        return Timer.builder("mail_delivery_latency_seconds")
                .description("From acceptance to the final outcome of a recipient")
                .tag("route", route)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(5))
                .register(registry);
    }

    /** route: local or remote; result: delivered, deferred or bounced. */
    public void delivery(String route, String result, int count) {
        if (count > 0) {
            counter("mail_delivery_deliveries_total", "route", route, "result", result).increment(count);
        }
    }

    public void latency(String route, Duration sinceAccepted) {
        ("local".equals(route) ? localLatency : remoteLatency).record(sinceAccepted.isNegative() ? Duration.ZERO
                : sinceAccepted);
    }

    /** kind: servfail, timeout, refused, nxdomain, ... (bounded by the DNS rcodes). */
    public void dnsFailure(String kind) {
        counter("mail_delivery_dns_failures_total", "kind", kind).increment();
    }

    public void outboundConnection(boolean tls) {
        counter("mail_delivery_outbound_connections_total", "tls", tls ? "yes" : "no").increment();
    }

    /** An MX skipped or a connection refused because a domain's MTA-STS policy (enforce) was not met. */
    public void mtaStsFailure() {
        counter("mail_delivery_mta_sts_failures_total").increment();
    }

    public void dsn(String action) {
        counter("mail_delivery_dsn_total", "action", action).increment();
    }

    /** Queue depth and the age of its oldest record, per retry stage; set by the relay consumer. */
    public void queue(int stage, long records, Duration oldest) {
        depth.computeIfAbsent(stage, s -> register("mail_delivery_queue_depth", s)).set(records);
        oldestAgeSeconds.computeIfAbsent(stage, s -> register("mail_delivery_queue_oldest_age_seconds", s))
                .set(oldest.toSeconds());
    }

    private AtomicLong register(String name, int stage) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).tag("stage", Integer.toString(stage)).register(registry);
        return value;
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags), k -> registry.counter(name, tags));
    }
}
