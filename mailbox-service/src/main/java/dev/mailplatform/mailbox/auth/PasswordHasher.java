package dev.mailplatform.mailbox.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mailplatform.mailbox.config.PasswordConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing. CPU-heavy by design (tens of milliseconds): call only from worker threads. */
@ApplicationScoped
public class PasswordHasher {
    /** bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final int cost;
    // verified against when the username is unknown, so a miss costs as much time as a wrong password
    private final String dummyHash;

    public PasswordHasher(PasswordConfig config) {
        this.cost = config.bcryptCost();
        if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalStateException("mail.password.bcrypt-cost must be between " + BCrypt.MIN_COST
                    + " and " + BCrypt.MAX_COST + ", got " + cost);
        }
        this.dummyHash = BCrypt.withDefaults().hashToString(cost, "not-a-password".toCharArray());
    }

    public static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        if (!fitsBcrypt(password)) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /** Burns the same time as a real verification, for unknown usernames. */
    public void verifyAgainstDummy(String password) {
        verify(fitsBcrypt(password) ? password : "", dummyHash);
    }
}
