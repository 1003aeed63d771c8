/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.smtp.config.ListenerSpec;
import dev.mailplatform.smtp.config.SmtpConfig;
import dev.mailplatform.smtp.inbound.AuthenticationResults;
import dev.mailplatform.smtp.protocol.Inbound;
import dev.mailplatform.smtp.protocol.LineEndingCheck;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.session.SessionServices;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import dev.mailplatform.smtp.spool.ReceivedHeader;
import dev.mailplatform.smtp.spool.Spool;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The end of a message, shared by DATA (CRLF.CRLF) and BDAT LAST: refuse defective or oversized content, run the
 * inbound checks on MX, then make the message durable and answer 250 only after S3 and Kafka acknowledged
 * (RFC 5321 §6.1). Every path discards the spool and ends the transaction (RFC 5321 §4.1.1.4).
 */
final class MessageCompletion {
    private static final Logger LOG = Logger.getLogger(MessageCompletion.class);

    private MessageCompletion() {
    }

    /** Starts the spool with this hop's Received header (RFC 5321 §4.4) first. */
    static SmtpState.ReceivingData open(SmtpSession session, SmtpState.InTransaction transaction,
            boolean chunked) {
        SessionServices services = session.services();
        String messageId = UUID.randomUUID().toString();
        Instant receivedAt = Instant.now();
        String forClause = transaction.recipients().size() == 1 ? transaction.recipients().get(0).address() : null;
        byte[] received = ReceivedHeader.build(transaction.hello().heloName(), session.remoteAddress(),
                services.hostname(), protocol(session, transaction), messageId, forClause,
                receivedAt.atZone(ZoneOffset.UTC));
        Spool spool = Spool.create(services.vertx(), services.spoolArea(), received,
                services.config().maxMessageSize());
        return new SmtpState.ReceivingData(transaction, spool, messageId, receivedAt, chunked,
                chunked && transaction.params().body() != MailParams.Body.BINARY_MIME ? new LineEndingCheck() : null);
    }

    /** RFC 3848 / RFC 6531 §4.3 "with" protocol names: ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP... */
    static String protocol(SmtpSession session, SmtpState.InTransaction transaction) {
        if (!transaction.hello().esmtp()) {
            return "SMTP";
        }
        String base = transaction.params().smtpUtf8() ? "UTF8SMTP" : "ESMTP";
        return base + (session.tls() ? "S" : "") + (session.identity() != null ? "A" : "");
    }

    static Future<SmtpReply> complete(SmtpSession session, SmtpState.ReceivingData receiving,
            Inbound.DataDefect defect) {
        session.state(receiving.transaction().hello());
        SessionServices services = session.services();
        Spool spool = receiving.spool();
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
                return Future.succeededFuture(tooBig(services));
            }
            services.metrics().messageBytes(session.listener().name(), spool.size());
            return inboundChecks(session, receiving).compose(results -> {
                if (results != null && results.dmarcRejects() && rejectsDmarcFailures(services.config(),
                        receiving.transaction().recipients())) {
                    LOG.infof("smtp session=%s remote=%s refused message: %s", session.id(),
                            session.remoteAddress(), results.summary());
                    services.metrics().message("dmarc_reject");
                    return Future.succeededFuture(SmtpReply.of(SmtpReplies.C550_MAILBOX_UNAVAILABLE,
                            SmtpReplies.E5_7_26, "Message rejected by the DMARC policy of the sender's domain"));
                }
                byte[] prefix = results == null ? new byte[0] : results.header(services.hostname());
                return durable(session, receiving, prefix);
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

    static SmtpReply tooBig(SessionServices services) {
        return SmtpReply.of(SmtpReplies.C552_EXCEEDED_STORAGE, SmtpReplies.E5_3_4,
                "Message size exceeds fixed maximum message size of " + services.config().maxMessageSize());
    }

    /** SPF, DKIM and DMARC for mail from the Internet; null when not applicable. Blocking, so on a worker. */
    private static Future<AuthenticationResults> inboundChecks(SmtpSession session,
            SmtpState.ReceivingData receiving) {
        SessionServices services = session.services();
        if (!ListenerSpec.MX.equals(session.listener().name()) || !services.config().authPolicy().enabled()) {
            return Future.succeededFuture(null);
        }
        SmtpState.InTransaction transaction = receiving.transaction();
        Spool message = receiving.spool();
        return services.vertx().executeBlocking(() -> services.inboundAuth().check(session.remoteAddress(),
                transaction.hello().heloName(), transaction.mailFrom(), message::open), false);
    }

    /**
     * One reply answers for every recipient, so the stricter action applies only when every recipient's tenant
     * asks for it; a mixed transaction is marked.
     */
    static boolean rejectsDmarcFailures(SmtpConfig config, List<EnvelopeRecipient> recipients) {
        SmtpConfig.AuthPolicy policy = config.authPolicy();
        return recipients.stream().allMatch(r -> {
            SmtpConfig.AuthAction action = r.tenantId() == null ? null
                    : policy.tenants().get(r.tenantId().toString());
            return (action == null ? policy.defaultAction() : action) == SmtpConfig.AuthAction.REJECT;
        });
    }

    private static Future<SmtpReply> durable(SmtpSession session, SmtpState.ReceivingData receiving,
            byte[] prefix) {
        SessionServices services = session.services();
        SmtpState.InTransaction transaction = receiving.transaction();
        MailParams params = transaction.params();
        Spool spool = receiving.spool();
        return services.acceptor().accept(spool, prefix,
                        (blobKey, size) -> new AcceptedMail(
                                receiving.messageId(),
                                UUID.randomUUID().toString().replace("-", ""),
                                blobKey,
                                size,
                                transaction.mailFrom(),
                                transaction.recipients(),
                                receiving.receivedAt(),
                                transaction.hello().heloName(),
                                session.remoteAddress(),
                                session.listener().name(),
                                params.envelopeId().orElse(null),
                                params.dsnReturn().orElse(null),
                                params.body().keyword(),
                                params.smtpUtf8(),
                                session.identity() == null ? null : session.identity().tenantId()))
                .map(mail -> {
                    services.metrics().message("accepted");
                    LOG.infof("smtp session=%s listener=%s accepted message=%s size=%d recipients=%d",
                            session.id(), session.listener().name(), mail.messageId(), mail.size(),
                            mail.recipients().size());
                    return SmtpReply.of(SmtpReplies.C250_OK, SmtpReplies.E2_0_0,
                            "Ok: queued as " + mail.messageId());
                });
    }
}
