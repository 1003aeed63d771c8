package dev.mailplatform.delivery.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Idle connections to MX addresses, so several messages to the same MX share one connection (RFC 5321 §4.1.1.5:
 * RSET between transactions) instead of paying TCP, greeting, EHLO and the TLS handshake each time.
 */
public final class ConnectionPool implements AutoCloseable {
    private final Map<String, Deque<SmtpConnection>> idle = new HashMap<>();
    private final Duration idleTimeout;
    private final int maxTransactionsPerConnection;

    public ConnectionPool(Duration idleTimeout, int maxTransactionsPerConnection) {
        this.idleTimeout = idleTimeout;
        this.maxTransactionsPerConnection = maxTransactionsPerConnection;
    }

    /**
     * An idle connection to this MX host at this address that still answers RSET, or null. Keyed by host too: the
     * TLS server name and what the DSN reports as Remote-MTA belong to the host.
     */
    public SmtpConnection take(String mxHost, InetSocketAddress address) {
        while (true) {
            SmtpConnection c;
            synchronized (this) {
                Deque<SmtpConnection> q = idle.get(key(mxHost, address));
                c = q == null ? null : q.pollFirst();
            }
            if (c == null) {
                return null;
            }
            if (c.idleNanos() < idleTimeout.toNanos() && c.reset()) {
                return c;
            }
            c.quitQuietly();
        }
    }

    /** Gives a healthy connection back for the next message, or closes it when it has carried enough. */
    public void release(SmtpConnection c) {
        if (c.transactions() >= maxTransactionsPerConnection) {
            c.quitQuietly();
            return;
        }
        synchronized (this) {
            idle.computeIfAbsent(key(c.mxHost(), c.address()), a -> new ArrayDeque<>()).addFirst(c);
        }
    }

    /** Closes the connections idle for longer than the idle timeout (called periodically). */
    public void evictIdle() {
        List<SmtpConnection> expired = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Deque<SmtpConnection>> it = idle.values().iterator(); it.hasNext();) {
                Deque<SmtpConnection> q = it.next();
                q.removeIf(c -> {
                    if (c.idleNanos() >= idleTimeout.toNanos()) {
                        expired.add(c);
                        return true;
                    }
                    return false;
                });
                if (q.isEmpty()) {
                    it.remove();
                }
            }
        }
        expired.forEach(SmtpConnection::quitQuietly);
    }

    private static String key(String mxHost, InetSocketAddress address) {
        return mxHost + "|" + address;
    }

    public synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnection::quitQuietly);
    }
}
