/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.contracts.api.RecipientResolution;
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
 * RCPT TO, allowed in state InTransaction. RFC 5321 §4.1.1.3, with the RFC 3461 NOTIFY and ORCPT parameters carried
 * into the envelope. The MX listener accepts only addresses the directory resolves to a local account (aliases and
 * catch-all included); it never relays (RFC 5321 §3.6.2, §7.1). Submission, already authenticated, also takes
 * remote recipients, which the delivery worker relays.
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
        if (!path.isAscii() && !transaction.params().smtpUtf8()) {
            // RFC 6531 §3.6.1
            return Replies.reply(SmtpReplies.C553_MAILBOX_NAME_NOT_ALLOWED, SmtpReplies.E5_6_7,
                    "Non-ASCII address requires SMTPUTF8");
        }
        if (path.domain() == null) {
            // <Postmaster> without a domain cannot be mapped to a tenant on a multi-tenant MX
            return Replies.reply(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_1_1,
                    "Use postmaster@<domain>");
        }
        String address = path.localPart() + "@" + path.normalizedDomain();
        boolean submission = session.listener().authRequired();
        return session.services().recipients().resolve(address)
                .map(resolution -> {
                    if (session.state() != transaction) {
                        return SmtpReply.of(SmtpReplies.C503_BAD_SEQUENCE, SmtpReplies.E5_5_1,
                                "Need MAIL before RCPT");
                    }
                    if (!resolution.domainLocal()) {
                        if (!submission) {
                            return SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_7_1,
                                    "Relaying denied");
                        }
                        return add(session, transaction, command, address, null);
                    }
                    if (resolution.accountId() == null) {
                        return SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE, SmtpReplies.E5_1_1,
                                "Mailbox unavailable");
                    }
                    return add(session, transaction, command, address, resolution);
                })
                .recover(e -> {
                    if (e instanceof MailboxServiceException mse && !mse.isTransient() && mse.status() == 400) {
                        return Future.succeededFuture(SmtpReply.of(SmtpReplies.C501_PARAM_SYNTAX,
                                SmtpReplies.E5_1_3, "Bad recipient address syntax"));
                    }
                    LOG.warnf("smtp session=%s cannot resolve recipient: %s", session.id(), e.getMessage());
                    return Future.succeededFuture(Replies.directoryUnavailable());
                });
    }

    private static SmtpReply add(SmtpSession session, SmtpState.InTransaction transaction,
            SmtpCommand.RcptTo command, String address, RecipientResolution local) {
        boolean duplicate = transaction.recipients().stream().anyMatch(r -> local != null
                ? local.accountId().equals(r.accountId())
                : r.accountId() == null && r.address().equalsIgnoreCase(address));
        if (!duplicate) {
            // the directory's spelling of a local address, so downstream sees one form per account
            String canonical = local == null || local.address() == null ? address : local.address();
            session.state(transaction.withRecipient(new EnvelopeRecipient(canonical,
                    local == null ? null : local.tenantId(), local == null ? null : local.accountId(),
                    command.params().notifyOn(), command.params().orcpt().orElse(null))));
        }
        return SmtpReply.of(SmtpReplies.C250_OK, SmtpReplies.E2_1_5, "Recipient OK");
    }
}
