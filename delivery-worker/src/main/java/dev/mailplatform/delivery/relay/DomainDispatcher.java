package dev.mailplatform.delivery.relay;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs relay tasks with per-destination limits: at most {@code maxPerDomain} at once and a token bucket of messages
 * per minute per domain. A domain at its limit queues its own tasks; the threads stay free for other domains, so
 * one slow destination never holds up the rest. A thread that finishes a task takes the next one of the same domain,
 * which lets it reuse the open connection to that MX.
 */
public final class DomainDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DomainDispatcher.class);

    private final class DomainQueue {
        final Deque<Runnable> tasks = new ArrayDeque<>();
        final Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(1, perMinute))
                        .refillGreedy(Math.max(1, perMinute), Duration.ofMinutes(1)).build())
                .build();
        int active;
    }

    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Map<String, DomainQueue> domains = new ConcurrentHashMap<>();
    private final int maxPerDomain;
    private final int perMinute;

    public DomainDispatcher(int threads, int maxPerDomain, int perMinute, ScheduledExecutorService timer) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "relay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = timer;
        this.maxPerDomain = maxPerDomain;
        this.perMinute = perMinute;
    }

    public void submit(String domain, Runnable task) {
        DomainQueue q = domains.computeIfAbsent(domain, d -> new DomainQueue());
        boolean start = false;
        synchronized (q) {
            q.tasks.addLast(task);
            if (q.active < maxPerDomain) {
                q.active++;
                start = true;
            }
        }
        if (start) {
            workers.execute(() -> drain(domain, q));
        }
    }

    /** Later, without holding a thread meanwhile. */
    public void submitAfter(String domain, Runnable task, Duration delay) {
        timer.schedule(() -> submit(domain, task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain(String domain, DomainQueue q) {
        while (true) {
            Runnable task;
            synchronized (q) {
                task = q.tasks.pollFirst();
                if (task == null) {
                    q.active--;
                    return;
                }
            }
            ConsumptionProbe probe = q.bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                synchronized (q) {
                    q.tasks.addFirst(task);
                }
                // keep the slot: the drain resumes when the bucket has a token again
                timer.schedule(() -> workers.execute(() -> drain(domain, q)),
                        Math.max(1, probe.getNanosToWaitForRefill()), TimeUnit.NANOSECONDS);
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "relay task for %s failed", domain);
            }
        }
    }

    /** Tasks waiting (not running) for any domain. */
    public int queued() {
        int n = 0;
        for (DomainQueue q : domains.values()) {
            synchronized (q) {
                n += q.tasks.size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
