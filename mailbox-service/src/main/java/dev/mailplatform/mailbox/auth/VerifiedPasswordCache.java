package dev.mailplatform.mailbox.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers passwords that passed bcrypt recently, as Dovecot's auth cache does: mail clients open several
 * connections and reconnect all day, and without it each login costs tens of milliseconds of bcrypt on a worker.
 *
 * <p>Entries are keyed by the stored bcrypt hash (unique per account through its salt), so a password change or
 * reset misses by construction, and the account row, its status included, is still read on every login. Only an
 * HMAC of the password under a random per-process key is kept, worthless outside this process. Failures are never
 * cached: every wrong guess pays the full bcrypt and counts towards the lockout. Thread-safe.
 */
final class VerifiedPasswordCache {
    private static final String HMAC = "HmacSHA256";

    private final Cache<String, byte[]> verified;
    private final SecretKeySpec key;

    VerifiedPasswordCache(int maxEntries, Duration ttl) {
        this.verified = maxEntries <= 0 ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /**
     * True when {@code password} matches {@code storedHash}: from the cache when this password passed against this
     * hash within the TTL, otherwise by running {@code bcrypt} (whose success is then remembered).
     */
    boolean verify(String password, String storedHash, BooleanSupplier bcrypt) {
        if (verified == null) {
            return bcrypt.getAsBoolean();
        }
        byte[] mac = mac(password);
        byte[] known = verified.getIfPresent(storedHash);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        boolean ok = bcrypt.getAsBoolean();
        if (ok) {
            verified.put(storedHash, mac);
        }
        return ok;
    }

    private byte[] mac(String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + HMAC, e);
        }
    }
}
