/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.pop3.config.Pop3Config.Retention;
import dev.mailplatform.pop3.config.Pop3Config.Retention.Policy;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Maildrop;
import dev.mailplatform.pop3.session.MaildropLease;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The steps every login method shares (USER/PASS, AUTH PLAIN, AUTH LOGIN): the lockout check, the credential check
 * through the mailbox service, the failure delay, LOGIN-DELAY, the maildrop lease and the snapshot of the INBOX.
 */
final class Logins {
    private static final Logger LOG = Logger.getLogger(Logins.class);
    static final String INBOX = "INBOX";

    private Logins() {
    }

    /** Checks the credentials and, if they are right, opens the maildrop; the reply is written in every case. */
    static Future<Void> login(Pop3Session session, String username, String password) {
        var services = session.services();
        if (services.lockout().isLocked(session.remoteAddress())) {
            LOG.infof("pop3 %s login refused: %s is locked out", session.id(), session.remoteAddress());
            return Future.failedFuture(new Pop3ProtocolException(Pop3Response.err(Pop3Response.CODE_AUTH,
                    "too many failed logins from your address, try again later"), true));
        }
        return services.mailbox().authenticate(username, password, session.remoteAddress())
                .compose(result -> result.isPresent() ? open(session, result.get()) : refuse(session));
    }

    /**
     * RFC 1939 §4 and §8: LOGIN-DELAY, then the lease ([IN-USE] if another session has the maildrop), then the
     * snapshot. A refusal here is not a credential failure, so the failure counter is not touched and the client
     * stays in AUTHORIZATION.
     */
    private static Future<Void> open(Pop3Session session, AuthResult account) {
        var services = session.services();
        services.lockout().recordSuccess(session.remoteAddress());
        var auth = (Pop3State.Authorization) session.state();
        session.state(new Pop3State.Authorization(null, auth.failures()));
        if (!services.loginDelays().tryLogin(account.accountId())) {
            return session.reply(Pop3Response.err(Pop3Response.CODE_LOGIN_DELAY,
                    "minimum time between logins (" + services.config().loginDelay().toSeconds()
                            + "s) not yet elapsed"));
        }
        return MaildropLease.acquire(services, account.accountId(), session.leaseHolder()).compose(lease -> {
            if (lease.isEmpty()) {
                LOG.infof("pop3 %s maildrop of account %s is in use", session.id(), account.accountId());
                return session.reply(Pop3Response.err(Pop3Response.CODE_IN_USE,
                        "maildrop already locked by another session"));
            }
            return snapshot(session, account, lease.get());
        });
    }

    private static Future<Void> snapshot(Pop3Session session, AuthResult account, MaildropLease lease) {
        var mailbox = session.services().mailbox();
        Future<MailboxDto> inbox = mailbox.mailbox(account.accountId(), INBOX);
        Future<List<MessageDto>> messages = mailbox.messages(account.accountId(), INBOX);
        return Future.all(inbox, messages).compose(all -> {
            if (session.isClosed()) {
                lease.release();
                return Future.succeededFuture();
            }
            String kept = session.services().config().retention().keptKeyword();
            // hidden whatever the tenant's current policy: a switch from keep to delete must not bring them back
            List<MessageDto> visible = messages.result().stream()
                    .filter(m -> m.flags() == null || !m.flags().contains(kept)).toList();
            Maildrop maildrop = new Maildrop(inbox.result().uidValidity(), visible);
            session.state(new Pop3State.Transaction(account, maildrop, lease));
            lease.keepAlive(session::leaseLost);
            LOG.infof("pop3 %s login tenant=%s account=%s messages=%d secure=%s", session.id(), account.tenantId(),
                    account.accountId(), maildrop.visibleCount(), session.isSecure());
            return session.reply(Pop3Response.ok("maildrop has " + maildrop.visibleCount() + " messages ("
                    + maildrop.visibleOctets() + " octets)"));
        }, failure -> {
            lease.release();
            return Future.failedFuture(failure);
        });
    }

    /**
     * A wrong password: RFC 1939 §13 asks to slow guessing down, so the reply waits; after max-failures the
     * connection is closed, and the address is counted towards its temporary lockout. USER is forgotten, so every
     * attempt needs a fresh USER/PASS pair.
     */
    static Future<Void> refuse(Pop3Session session) {
        var auth = (Pop3State.Authorization) session.state();
        int failures = auth.failures() + 1;
        var services = session.services();
        var config = services.config().auth();
        session.state(new Pop3State.Authorization(null, failures));
        boolean lockedNow = services.lockout().recordFailure(session.remoteAddress());
        LOG.infof("pop3 %s authentication failed (%d of %d) from %s%s", session.id(), failures, config.maxFailures(),
                session.remoteAddress(), lockedNow ? ", address now locked out" : "");
        Promise<Void> delayed = Promise.promise();
        services.vertx().setTimer(Math.max(1, config.failureDelay().toMillis()), t -> delayed.complete());
        return delayed.future().compose(v -> {
            boolean last = failures >= config.maxFailures() || lockedNow;
            Pop3Response reply = Pop3Response.err(Pop3Response.CODE_AUTH,
                    last ? "invalid credentials, too many failures" : "invalid credentials");
            return Future.failedFuture(new Pop3ProtocolException(reply, last));
        });
    }

    static Policy retention(Pop3Session session, UUID tenantId) {
        return policyFor(session.services().config().retention(), tenantId);
    }

    /** The tenant's DELE policy: its own entry, else the default. */
    static Policy policyFor(Retention retention, UUID tenantId) {
        return retention.tenants().getOrDefault(tenantId.toString(), retention.defaultPolicy());
    }
}
