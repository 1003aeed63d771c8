package dev.mailplatform.contracts.events;

import java.time.Instant;

/**
 * A local delivery that can never succeed (over quota, account suspended or gone). Published by mailbox-service on
 * {@link dev.mailplatform.contracts.Topics#DELIVERY_FAILED}; the delivery worker turns it into a DSN.
 *
 * @param status       RFC 3463 enhanced status, e.g. "5.2.2" for a full mailbox
 * @param diagnostic   human-readable reason for the DSN
 */
public record DeliveryFailed(
        String deliveryId,
        String messageId,
        String traceId,
        String recipient,
        String mailFrom,
        String blobKey,
        String status,
        String diagnostic,
        Instant at) {
}
