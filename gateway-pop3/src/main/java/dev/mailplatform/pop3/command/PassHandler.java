/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Maildrop;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * PASS string. AUTHORIZATION state, after USER. RFC 1939 §7; RFC 3206 §4-5 for [AUTH] and [SYS/TEMP]. On success the
 * INBOX is snapshotted into a {@link Maildrop} (RFC 1939 §4) and the session enters TRANSACTION.
 */
final class PassHandler implements Pop3CommandHandler<Pop3Command.Pass> {
    private static final Logger LOG = Logger.getLogger(PassHandler.class);
    static final String INBOX = "INBOX";

    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Pass command) {
        var auth = (Pop3State.Authorization) session.state();
        if (auth.user() == null) {
            return session.reply(Pop3Response.err("USER first"));
        }
        if (!PlaintextPolicy.allowed(session)) {
            return session.reply(Pop3Response.err(Pop3Response.CODE_AUTH,
                    "cleartext login not allowed on this connection"));
        }
        var mailbox = session.services().mailbox();
        return mailbox.authenticate(auth.user(), command.password(), session.remoteAddress())
                .compose(result -> result.isPresent()
                        ? login(session, result.get())
                        : refuse(session, auth));
    }

    private Future<Void> login(Pop3Session session, AuthResult account) {
        var mailbox = session.services().mailbox();
        Future<MailboxDto> inbox = mailbox.mailbox(account.accountId(), INBOX);
        Future<List<MessageDto>> messages = mailbox.messages(account.accountId(), INBOX);
        return Future.all(inbox, messages).compose(all -> {
            if (session.isClosed()) {
                return Future.succeededFuture();
            }
            Maildrop maildrop = new Maildrop(inbox.result().uidValidity(), messages.result());
            session.state(new Pop3State.Transaction(account, maildrop));
            LOG.infof("pop3 %s login tenant=%s account=%s messages=%d", session.id(), account.tenantId(),
                    account.accountId(), maildrop.visibleCount());
            return session.reply(Pop3Response.ok("maildrop has " + maildrop.visibleCount() + " messages ("
                    + maildrop.visibleOctets() + " octets)"));
        });
    }

    private Future<Void> refuse(Pop3Session session, Pop3State.Authorization auth) {
        int failures = auth.failures() + 1;
        var config = session.services().config().auth();
        // RFC 1939 §13: USER is forgotten, so every attempt needs a fresh USER/PASS pair
        session.state(new Pop3State.Authorization(null, failures));
        LOG.infof("pop3 %s authentication failed (%d of %d) from %s", session.id(), failures, config.maxFailures(),
                session.remoteAddress());
        Promise<Void> delayed = Promise.promise();
        session.services().vertx().setTimer(Math.max(1, config.failureDelay().toMillis()), t -> delayed.complete());
        return delayed.future().compose(v -> {
            boolean last = failures >= config.maxFailures();
            Pop3Response reply = Pop3Response.err(Pop3Response.CODE_AUTH,
                    last ? "invalid credentials, too many failures" : "invalid credentials");
            return Future.failedFuture(new Pop3ProtocolException(reply, last));
        });
    }
}
