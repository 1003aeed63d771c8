/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailplatform.contracts.api.RecipientResolution;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Function;

/**
 * "Is this address ours, and whose?" for RCPT TO and the submission sender check, answered by the mailbox service
 * and remembered for a short while when the answer is a local account: an MX sees the same recipients all day, and
 * one HTTP round trip per RCPT was a large share of the accept path.
 *
 * <p>Only addresses that reach an account are cached. A "no such user" or "not our domain" answer is asked again
 * every time, because it turns into a permanent 550 and a newly created account or domain must receive mail at once.
 * The price is that a deleted or renamed account can still be accepted for up to the TTL; the delivery worker then
 * bounces it, as it does for an account deleted after acceptance. Non-blocking: safe on the event loop.
 */
public final class RecipientDirectory {
    private final Function<String, Future<RecipientResolution>> lookup;
    private final Cache<String, RecipientResolution> accounts;

    public RecipientDirectory(Function<String, Future<RecipientResolution>> lookup, Duration ttl, int maxEntries) {
        this.lookup = lookup;
        this.accounts = ttl.isZero() || maxEntries <= 0 ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    public Future<RecipientResolution> resolve(String address) {
        if (accounts == null) {
            return lookup.apply(address);
        }
        RecipientResolution known = accounts.getIfPresent(address);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return lookup.apply(address).onSuccess(resolution -> {
            if (resolution.accountId() != null) {
                accounts.put(address, resolution);
            }
        });
    }
}
