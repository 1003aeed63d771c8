package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message to relay to one remote domain: all of that domain's recipients share one SMTP transaction. A retry is
 * the same record with only the recipients still pending, a higher {@code attempt} and a later {@code notBefore}.
 *
 * @param outboundId      message id + "/" + domain: the key of the relay journal (recipients already accepted)
 * @param recipientParams RFC 3461 parameters (NOTIFY, ORCPT) of the recipients, by address; may be empty
 * @param envelopeId      RFC 3461 ENVID of the original transaction, or null
 * @param dsnReturn       RFC 3461 RET ("FULL" or "HDRS"), or null
 * @param bodyType        RFC 6152 BODY ("7BIT", "8BITMIME"), or null
 * @param smtpUtf8        the message needs SMTPUTF8 (RFC 6531)
 * @param senderTenantId  tenant of the authenticated submitter (DKIM signing), null for relayed bounces
 * @param notBefore       earliest time of the next attempt (retry stages), null for the first attempt
 * @param delayNotified   a "delayed" DSN was already sent for this message
 */
public record OutboundMail(
        String outboundId,
        String messageId,
        String traceId,
        String domain,
        String mailFrom,
        List<String> recipients,
        String blobKey,
        long size,
        Instant receivedAt,
        int attempt,
        List<EnvelopeRecipient> recipientParams,
        String envelopeId,
        String dsnReturn,
        String bodyType,
        boolean smtpUtf8,
        UUID senderTenantId,
        Instant notBefore,
        boolean delayNotified) {

    public OutboundMail {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        recipientParams = recipientParams == null ? List.of() : List.copyOf(recipientParams);
    }

    public OutboundMail(String outboundId, String messageId, String traceId, String domain, String mailFrom,
            List<String> recipients, String blobKey, long size, Instant receivedAt, int attempt) {
        this(outboundId, messageId, traceId, domain, mailFrom, recipients, blobKey, size, receivedAt, attempt,
                List.of(), null, null, null, false, null, null, false);
    }

    /** The DSN parameters of one recipient (defaults when the sender gave none). */
    public EnvelopeRecipient paramsOf(String address) {
        for (EnvelopeRecipient r : recipientParams) {
            if (r.address().equalsIgnoreCase(address)) {
                return r;
            }
        }
        return new EnvelopeRecipient(address, null, null);
    }

    /** The next attempt for {@code pending} recipients, not before {@code notBefore}. */
    public OutboundMail retry(List<String> pending, Instant notBefore, boolean delayNotified) {
        return new OutboundMail(outboundId, messageId, traceId, domain, mailFrom, pending, blobKey, size, receivedAt,
                attempt + 1, recipientParams, envelopeId, dsnReturn, bodyType, smtpUtf8, senderTenantId, notBefore,
                delayNotified);
    }
}
