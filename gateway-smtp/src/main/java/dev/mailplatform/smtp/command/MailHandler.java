/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * MAIL FROM, allowed in state Greeted. RFC 5321 §4.1.1.2; SIZE checked up front per RFC 1870 §6.2. On submission
 * (RFC 6409 §4.3, RFC 4954 §6) AUTH must come first and the reverse-path must be an address of the authenticated
 * account: the directory resolves it, so aliases of the account count as its own.
 */
final class MailHandler implements CommandHandler<SmtpCommand.MailFrom> {
    private static final Logger LOG = Logger.getLogger(MailHandler.class);

    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.MailFrom command) {
        if (session.state() instanceof SmtpState.Connected) {
            return Replies.badSequence("Send HELO/EHLO first");
        }
        if (!(session.state() instanceof SmtpState.Greeted hello)) {
            return Replies.badSequence("Nested MAIL command");
        }
        AuthResult identity = session.identity();
        if (session.listener().authRequired() && identity == null) {
            return Replies.reply(SmtpReplies.C530_AUTH_REQUIRED, SmtpReplies.E5_7_0, "Authentication required");
        }
        long limit = session.services().config().maxMessageSize();
        if (command.params().declaredSize().isPresent() && command.params().declaredSize().getAsLong() > limit) {
            return Replies.reply(SmtpReplies.C552_EXCEEDED_STORAGE, SmtpReplies.E5_3_4,
                    "Message size exceeds fixed maximum message size of " + limit);
        }
        if (identity == null || command.reversePath().isEmpty()) {
            // the null sender stays allowed on submission: clients send MDNs and vacation notices with it
            return begin(session, hello, command);
        }
        MailPath sender = command.reversePath().get();
        if (sender.domain() == null) {
            return Replies.reply(SmtpReplies.C553_MAILBOX_NAME_NOT_ALLOWED, SmtpReplies.E5_7_1,
                    "Sender address not owned by the authenticated user");
        }
        return session.services().recipients().resolve(sender.localPart() + "@" + sender.normalizedDomain())
                .compose(resolution -> {
                    if (!identity.accountId().equals(resolution.accountId())) {
                        LOG.infof("smtp session=%s account=%s refused foreign sender address", session.id(),
                                identity.accountId());
                        return Replies.reply(SmtpReplies.C553_MAILBOX_NAME_NOT_ALLOWED, SmtpReplies.E5_7_1,
                                "Sender address not owned by the authenticated user");
                    }
                    if (session.state() != hello) {
                        return Replies.badSequence("Nested MAIL command");
                    }
                    return begin(session, hello, command);
                }, e -> {
                    LOG.warnf("smtp session=%s cannot resolve sender: %s", session.id(), e.getMessage());
                    return Future.succeededFuture(Replies.directoryUnavailable());
                });
    }

    private static Future<SmtpReply> begin(SmtpSession session, SmtpState.Greeted hello,
            SmtpCommand.MailFrom command) {
        session.state(new SmtpState.InTransaction(hello, command.reversePath(), command.params(), List.of()));
        return Replies.reply(SmtpReplies.C250_OK, SmtpReplies.E2_1_0, "Sender OK");
    }
}
