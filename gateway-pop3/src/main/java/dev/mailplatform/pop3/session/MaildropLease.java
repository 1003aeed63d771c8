/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This session's exclusive access to a maildrop (RFC 1939 §8, [IN-USE] of RFC 2449 §8.1.1), held in the mailbox
 * service so it also excludes sessions on other gateway instances. It has a TTL and is renewed periodically while
 * the session lives, so the lease of a crashed gateway simply expires. Event-loop confined, like the session.
 */
public final class MaildropLease {
    private static final Logger LOG = Logger.getLogger(MaildropLease.class);

    private final SessionServices services;
    private final UUID accountId;
    private final String holder;
    private long renewTimer = -1;
    private boolean released;

    private MaildropLease(SessionServices services, UUID accountId, String holder) {
        this.services = services;
        this.accountId = accountId;
        this.holder = holder;
    }

    /** Takes the lease; empty when another session (on any instance) holds it. */
    public static Future<Optional<MaildropLease>> acquire(SessionServices services, UUID accountId, String holder) {
        long ttl = services.config().lease().ttl().toSeconds();
        return services.mailbox().acquirePop3Lease(accountId, holder, ttl)
                .map(taken -> taken.map(t -> new MaildropLease(services, accountId, holder)));
    }

    /**
     * Renews every {@code renew-every}. {@code onLost} runs if another holder got the maildrop meanwhile (our lease
     * expired, e.g. after a long pause): this session must then stop without committing anything. A failed renewal
     * call is only logged; the next one retries well before the TTL runs out.
     */
    public void keepAlive(Runnable onLost) {
        long ttl = services.config().lease().ttl().toSeconds();
        renewTimer = services.vertx().setPeriodic(services.config().lease().renewEvery().toMillis(), id ->
                services.mailbox().acquirePop3Lease(accountId, holder, ttl).onComplete(ar -> {
                    if (released) {
                        return;
                    }
                    if (ar.failed()) {
                        LOG.warnf("pop3 lease renewal for %s failed, retrying: %s", holder, ar.cause().toString());
                    } else if (ar.result().isEmpty()) {
                        LOG.warnf("pop3 lease %s lost to another session", holder);
                        cancelTimer();
                        onLost.run();
                    }
                }));
    }

    /** Gives the maildrop back; idempotent. A failed release is harmless: the lease expires after its TTL. */
    public Future<Void> release() {
        if (released) {
            return Future.succeededFuture();
        }
        released = true;
        cancelTimer();
        return services.mailbox().releasePop3Lease(accountId, holder).onFailure(e ->
                LOG.warnf("pop3 lease %s not released (expires on its own): %s", holder, e.toString()))
                .otherwiseEmpty();
    }

    private void cancelTimer() {
        if (renewTimer >= 0) {
            services.vertx().cancelTimer(renewTimer);
            renewTimer = -1;
        }
    }
}
