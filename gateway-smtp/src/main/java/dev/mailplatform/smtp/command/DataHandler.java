/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.smtp.protocol.Inbound;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SessionServices;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import dev.mailplatform.smtp.spool.MessageAcceptor;
import dev.mailplatform.smtp.spool.ReceivedHeader;
import dev.mailplatform.smtp.spool.SpoolFile;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * DATA, allowed in state InTransaction with at least one recipient. RFC 5321 §4.1.1.4 and §3.3. Two phases: the
 * command opens the spool file (trace header first, RFC 5321 §4.4) and answers 354; {@link #endOfData} runs when
 * the receiver has seen CRLF.CRLF and makes the message durable before answering 250 (RFC 5321 §6.1).
 */
public final class DataHandler implements CommandHandler<SmtpCommand.Data> {
    private static final Logger LOG = Logger.getLogger(DataHandler.class);

    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Data command) {
        if (!(session.state() instanceof SmtpState.InTransaction transaction)) {
            return Replies.badSequence("Need MAIL and RCPT before DATA");
        }
        if (transaction.recipients().isEmpty()) {
            // RFC 5321 §3.3: DATA after only failed RCPTs gets 554 "no valid recipients" (RFC 2920 §3.1 pipelining)
            return Replies.reply(SmtpReplies.C554_TRANSACTION_FAILED, SmtpReplies.E5_5_1, "No valid recipients");
        }
        SessionServices services = session.services();
        String messageId = UUID.randomUUID().toString();
        Instant receivedAt = Instant.now();
        String forClause = transaction.recipients().size() == 1 ? transaction.recipients().get(0).address() : null;
        byte[] received = ReceivedHeader.build(transaction.hello().heloName(), session.remoteAddress(),
                services.hostname(), transaction.hello().esmtp(), messageId, forClause,
                receivedAt.atZone(ZoneOffset.UTC));
        return SpoolFile.create(services.vertx(), services.spoolDirectory(), received,
                        services.config().maxMessageSize())
                .map(spool -> {
                    session.state(new SmtpState.ReceivingData(transaction, spool, messageId, receivedAt));
                    // RFC 2034 §4: enhanced codes accompany 2xx/4xx/5xx only, not the 354 intermediate reply
                    return new SmtpReply(SmtpReplies.C354_START_INPUT, null,
                            List.of("End data with <CR><LF>.<CR><LF>"));
                })
                .recover(e -> {
                    LOG.errorf(e, "smtp session=%s cannot create spool file", session.id());
                    return Future.succeededFuture(SmtpReply.of(SmtpReplies.C451_LOCAL_ERROR, SmtpReplies.E4_3_0,
                            "Local error in processing"));
                });
    }

    /** The client has sent CRLF.CRLF. Every path deletes the spool file and ends the transaction. */
    public Future<SmtpReply> endOfData(SmtpSession session, Inbound.DataDefect defect) {
        if (!(session.state() instanceof SmtpState.ReceivingData receiving)) {
            return Future.failedFuture(new IllegalStateException("end of data outside DATA"));
        }
        // RFC 5321 §4.1.1.4: whatever the outcome, the transaction is over and the sender must start anew
        session.state(receiving.transaction().hello());
        SessionServices services = session.services();
        SpoolFile spool = receiving.spool();
        Future<SmtpReply> outcome = spool.finish().compose(v -> {
            if (defect != Inbound.DataDefect.NONE) {
                LOG.infof("smtp session=%s remote=%s refused message with %s", session.id(),
                        session.remoteAddress(), defect);
                services.metrics().message("bad_line_ending");
                return Future.succeededFuture(SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE,
                        SmtpReplies.E5_6_0, "Bare CR or LF in message, lines must end with CRLF"));
            }
            if (spool.overLimit()) {
                services.metrics().message("too_big");
                return Future.succeededFuture(SmtpReply.of(SmtpReplies.C552_EXCEEDED_STORAGE, SmtpReplies.E5_3_4,
                        "Message size exceeds fixed maximum message size of "
                                + services.config().maxMessageSize()));
            }
            byte[] sha256 = spool.digest();
            AcceptedMail mail = new AcceptedMail(
                    receiving.messageId(),
                    UUID.randomUUID().toString().replace("-", ""),
                    MessageAcceptor.blobKey(sha256),
                    spool.size(),
                    receiving.transaction().mailFrom(),
                    receiving.transaction().recipients(),
                    receiving.receivedAt(),
                    receiving.transaction().hello().heloName(),
                    session.remoteAddress(),
                    session.listener().name());
            return services.acceptor().accept(Path.of(spool.path()), mail)
                    .map(ok -> {
                        services.metrics().message("accepted");
                        LOG.infof("smtp session=%s accepted message=%s size=%d recipients=%d", session.id(),
                                mail.messageId(), mail.size(), mail.recipients().size());
                        return SmtpReply.of(SmtpReplies.C250_OK, SmtpReplies.E2_0_0,
                                "Ok: queued as " + mail.messageId());
                    });
        }).recover(e -> {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.errorf(e, "smtp session=%s could not make message=%s durable ref=%s", session.id(),
                    receiving.messageId(), ref);
            services.metrics().message("failed");
            return Future.succeededFuture(SmtpReply.of(SmtpReplies.C451_LOCAL_ERROR, SmtpReplies.E4_3_0,
                    "Local error in processing, try again later (ref " + ref + ")"));
        });
        return outcome.compose(reply -> spool.discard().map(reply));
    }
}
