package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message the SMTP gateway answered 250 for. The raw message (with the gateway's trace headers) is already durable
 * in S3 under {@code blobKey}.
 *
 * @param messageId      unique id assigned by the gateway; the idempotency key of everything downstream
 * @param listener       which listener took it: "mx", "submission" or "submissions"
 * @param envelopeId     RFC 3461 ENVID, or null
 * @param dsnReturn      RFC 3461 RET: "FULL", "HDRS" or null
 * @param bodyType       RFC 6152 / 3030 BODY: "7BIT", "8BITMIME", "BINARYMIME" or null
 * @param smtpUtf8       the client sent SMTPUTF8 (RFC 6531)
 * @param senderTenantId tenant of the authenticated submitter (for DKIM signing and quotas), null on MX
 */
public record AcceptedMail(
        String messageId,
        String traceId,
        String blobKey,
        long size,
        String mailFrom,
        List<EnvelopeRecipient> recipients,
        Instant receivedAt,
        String heloName,
        String remoteAddress,
        String listener,
        String envelopeId,
        String dsnReturn,
        String bodyType,
        boolean smtpUtf8,
        UUID senderTenantId) {

    public AcceptedMail(String messageId, String traceId, String blobKey, long size, String mailFrom,
            List<EnvelopeRecipient> recipients, Instant receivedAt, String heloName, String remoteAddress,
            String listener) {
        this(messageId, traceId, blobKey, size, mailFrom, recipients, receivedAt, heloName, remoteAddress, listener,
                null, null, null, false, null);
    }

    /** The null reverse-path: bounces and other notifications, which must never be answered with a bounce. */
    public boolean hasNullSender() {
        return mailFrom == null || mailFrom.isEmpty();
    }
}
