package dev.mailplatform.contracts.events;

import java.util.UUID;

/**
 * One RCPT TO of an accepted message. {@code tenantId} and {@code accountId} are set when the gateway resolved the
 * address to a local account (aliases already expanded); both are null for a remote recipient.
 */
public record EnvelopeRecipient(String address, UUID tenantId, UUID accountId) {
    public boolean isLocal() {
        return accountId != null;
    }
}
