/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps concurrent sessions in total and per remote IP; thread-safe because listeners may run on several loops. */
public final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerIp;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxTotal, int maxPerIp) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    /** Takes a slot; false when a limit is reached (nothing is taken then). */
    public boolean tryAcquire(String ip) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        boolean[] granted = {false};
        perIp.compute(ip, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerIp) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        if (!granted[0]) {
            total.decrementAndGet();
        }
        return granted[0];
    }

    public void release(String ip) {
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    public int active() {
        return total.get();
    }
}
