package dev.mailplatform.contracts.events;

import java.util.Set;
import java.util.UUID;

/**
 * One RCPT TO of an accepted message. {@code tenantId} and {@code accountId} are set when the gateway resolved the
 * address to a local account (aliases already expanded); both are null for a remote recipient.
 *
 * @param notifyOn RFC 3461 NOTIFY values (NEVER, SUCCESS, FAILURE, DELAY); empty when the client gave none, which
 *               means FAILURE (and DELAY at the MTA's discretion)
 * @param orcpt  RFC 3461 ORCPT as given ("rfc822;user@example.org"), or null
 */
public record EnvelopeRecipient(String address, UUID tenantId, UUID accountId, Set<String> notifyOn, String orcpt) {
    public EnvelopeRecipient {
        notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }

    public EnvelopeRecipient(String address, UUID tenantId, UUID accountId) {
        this(address, tenantId, accountId, Set.of(), null);
    }

    public boolean isLocal() {
        return accountId != null;
    }

    /** Whether a DSN of this kind (FAILURE, DELAY, SUCCESS) goes back to the sender for this recipient. */
    public boolean wantsNotification(String kind) {
        if (notifyOn.contains("NEVER")) {
            return false;
        }
        if (notifyOn.isEmpty()) {
            return "FAILURE".equals(kind) || "DELAY".equals(kind);
        }
        return notifyOn.contains(kind);
    }
}
