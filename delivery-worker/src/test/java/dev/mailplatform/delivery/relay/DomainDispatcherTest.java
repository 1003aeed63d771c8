package dev.mailplatform.delivery.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DomainDispatcherTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aStalledDomainNeverHoldsUpAnotherAndStaysWithinItsConcurrency() throws Exception {
        try (DomainDispatcher d = new DomainDispatcher(8, 2, 10_000, timer)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                d.submit("slow.test", () -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                });
            }
            CountDownLatch fast = new CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                d.submit("fast.test", fast::countDown);
            }
            assertThat(fast.await(5, TimeUnit.SECONDS)).as("the other domain went through").isTrue();
            // the slow domain's two workers may still be starting: wait for them, then check nothing more started
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (running.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(maxRunning.get()).isEqualTo(2);
            assertThat(d.queued()).isEqualTo(4);
            release.countDown();
        }
    }

    @Test
    void theRateLimitDelaysInsteadOfDropping() throws Exception {
        try (DomainDispatcher d = new DomainDispatcher(4, 4, 2, timer)) {
            CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                d.submit("limited.test", ran::countDown);
            }
            // a bucket of 2 per minute: the third waits for a refill (30 s), it is not run and not lost
            assertThat(ran.await(1, TimeUnit.SECONDS)).isFalse();
            assertThat(ran.getCount()).isEqualTo(1);
            assertThat(d.queued()).isEqualTo(1);
        }
    }
}
