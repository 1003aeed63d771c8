/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

/**
 * RCPT TO, allowed in state InTransaction. RFC 5321 §4.1.1.3. The MX listener accepts only addresses the directory
 * resolves to a local account; it never relays (RFC 5321 §3.6.2, §7.1).
 */
final class RcptHandler implements CommandHandler<SmtpCommand.RcptTo> {
    private static final Logger LOG = Logger.getLogger(RcptHandler.class);

    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.RcptTo command) {
        if (!(session.state() instanceof SmtpState.InTransaction transaction)) {
            return Replies.badSequence("Need MAIL before RCPT");
        }
        if (transaction.recipients().size() >= session.services().config().maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452 makes the client send the rest in another transaction
            return Replies.reply(SmtpReplies.C452_INSUFFICIENT_STORAGE, SmtpReplies.E4_5_3, "Too many recipients");
        }
        MailPath path = command.forwardPath();
        if (path.domain() == null) {
            // <Postmaster> without a domain cannot be mapped to a tenant on a multi-tenant MX
            return Replies.reply(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_1_1,
                    "Use postmaster@<domain>");
        }
        String address = path.localPart() + "@" + path.normalizedDomain();
        return session.services().mailboxClient().resolveRecipient(address)
                .map(resolution -> {
                    if (!resolution.domainLocal()) {
                        return SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_7_1,
                                "Relaying denied");
                    }
                    if (resolution.accountId() == null) {
                        return SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_1_1,
                                "Mailbox unavailable");
                    }
                    boolean duplicate = transaction.recipients().stream()
                            .anyMatch(r -> resolution.accountId().equals(r.accountId()));
                    if (!duplicate) {
                        // the directory's spelling of the address, so downstream sees one form per account
                        String canonical = resolution.address() == null ? address : resolution.address();
                        session.state(transaction.withRecipient(
                                new EnvelopeRecipient(canonical, resolution.tenantId(), resolution.accountId())));
                    }
                    return SmtpReply.of(SmtpReplies.C250_OK, SmtpReplies.E2_1_5, "Recipient OK");
                })
                .recover(e -> {
                    if (e instanceof MailboxServiceException mse && !mse.isTransient() && mse.status() == 400) {
                        return Future.succeededFuture(SmtpReply.of(SmtpReplies.C501_PARAM_SYNTAX,
                                SmtpReplies.E5_1_3, "Bad recipient address syntax"));
                    }
                    LOG.warnf("smtp session=%s cannot resolve recipient: %s", session.id(), e.getMessage());
                    return Future.succeededFuture(SmtpReply.of(SmtpReplies.C451_LOCAL_ERROR, SmtpReplies.E4_4_3,
                            "Directory temporarily unavailable, try again later"));
                });
    }
}
