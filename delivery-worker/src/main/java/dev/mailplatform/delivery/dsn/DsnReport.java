package dev.mailplatform.delivery.dsn;

import java.time.Instant;
import java.util.List;

/**
 * The content of one delivery status notification (RFC 3464).
 *
 * @param delayed      a "delayed" notice (the message is still being retried) rather than a failure report
 * @param returnFull   RFC 3461 RET=FULL: include the whole original message, otherwise only its header
 */
public record DsnReport(String reportingMta, String to, String envelopeId, Instant arrivalDate, boolean delayed,
        boolean returnFull, List<Recipient> recipients, String messageIdToken, Instant created) {

    /**
     * One per-recipient block.
     *
     * @param action         RFC 3464 §2.3.3: "failed" or "delayed"
     * @param originalRecipient the ORCPT as the sender gave it ("rfc822;x@y"), or null
     * @param remoteMta      "dns; mx.example" or null when no MX was reached
     * @param diagnostic     "smtp; 550 5.1.1 ..." or null
     */
    public record Recipient(String finalRecipient, String originalRecipient, String action, String status,
            String remoteMta, String diagnostic, Instant lastAttempt, Instant willRetryUntil) {
    }
}
