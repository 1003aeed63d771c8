package dev.mailplatform.mailbox.auth;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Checks gateway logins (IMAP LOGIN, POP3 USER/PASS, SMTP AUTH). bcrypt and JDBC: worker threads only. */
@ApplicationScoped
public class Authenticator {
    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    /** Longer than any address (RFC 5321 §4.5.3.1.3) and any bcrypt-able password: refuse before hashing. */
    private static final int MAX_FIELD = 1024;

    private final Database db;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final LoginThrottle addressThrottle;
    private final VerifiedPasswordCache verified;

    public Authenticator(Database db, PasswordHasher hasher, MailboxServiceConfig config) {
        this.db = db;
        this.hasher = hasher;
        MailboxServiceConfig.Auth auth = config.auth();
        this.throttle = new LoginThrottle(auth.maxFailures(), auth.lockout(), auth.maxTrackedUsernames(),
                Clock.systemUTC());
        this.addressThrottle = new LoginThrottle(auth.maxFailuresPerAddress(), auth.lockout(),
                auth.maxTrackedUsernames(), Clock.systemUTC());
        this.verified = new VerifiedPasswordCache(auth.verifiedCacheSize(), auth.verifiedCacheTtl());
    }

    private record Account(UUID id, UUID tenantId, String address, String passwordHash, String status) {
    }

    public AuthResult authenticate(String username, String password, String remoteAddress) {
        if (username == null || username.isBlank() || password == null || username.length() > MAX_FIELD
                || password.length() > MAX_FIELD) {
            throw ApiException.badRequest("username and password are required");
        }
        String login = username.strip();
        String client = remoteAddress == null || remoteAddress.isBlank() ? null : remoteAddress.strip();
        if (client != null && addressThrottle.isLocked(client)) {
            LOG.infof("auth refused for %s from %s: address locked after repeated failures", login, client);
            throw new ApiException(429, "too_many_failures", "too many failed logins, try again later");
        }
        if (throttle.isLocked(login)) {
            LOG.infof("auth refused for %s from %s: locked after repeated failures", login, remoteAddress);
            throw new ApiException(429, "too_many_failures", "too many failed logins, try again later");
        }
        Account account = find(login);
        boolean passwordOk;
        if (account == null) {
            hasher.verifyAgainstDummy(password);
            passwordOk = false;
        } else {
            passwordOk = verified.verify(password, account.passwordHash(),
                    () -> hasher.verify(password, account.passwordHash()));
        }
        if (!passwordOk) {
            if (client != null && addressThrottle.recordFailure(client)) {
                LOG.warnf("auth: address %s locked out after repeated failures", client);
            }
            if (throttle.recordFailure(login)) {
                LOG.warnf("auth: %s locked out after repeated failures, last from %s", login, remoteAddress);
            }
            LOG.infof("auth failed for %s from %s", login, remoteAddress);
            throw new ApiException(401, "invalid_credentials", "wrong username or password");
        }
        throttle.recordSuccess(login);
        // the password is checked first so that the status does not reveal which addresses exist
        if (!"active".equals(account.status())) {
            LOG.infof("auth refused for %s from %s: account %s", login, remoteAddress, account.status());
            throw new ApiException(403, "account_" + account.status(), "account is " + account.status());
        }
        return new AuthResult(account.id(), account.tenantId(), account.address());
    }

    private Account find(String login) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT id, tenant_id, address, password_hash, status FROM accounts
                    WHERE lower(address) = lower(?)""")) {
                query.setString(1, login);
                try (ResultSet row = query.executeQuery()) {
                    return row.next()
                            ? new Account(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                                    row.getString(3), row.getString(4), row.getString(5))
                            : null;
                }
            }
        });
    }
}
