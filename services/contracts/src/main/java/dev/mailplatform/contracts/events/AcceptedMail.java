package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A message the SMTP gateway answered 250 for. The raw message (with the gateway's trace headers) is already durable
 * in S3 under {@code blobKey}.
 *
 * @param messageId unique id assigned by the gateway; the idempotency key of everything downstream
 * @param listener  which listener took it: "mx", "submission" or "submissions"
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
        String listener) {
}
