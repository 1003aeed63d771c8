package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Deliver one message to one local account's INBOX.
 *
 * @param deliveryId idempotency key: {@code messageId + "/" + accountId}; delivering the same id twice stores one
 *                   message
 */
public record LocalDelivery(
        String deliveryId,
        String messageId,
        String traceId,
        UUID tenantId,
        UUID accountId,
        String recipient,
        String mailFrom,
        String blobKey,
        long size,
        Instant receivedAt) {

    public static String deliveryIdOf(String messageId, UUID accountId) {
        return messageId + "/" + accountId;
    }
}
