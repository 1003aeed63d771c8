package dev.mailplatform.contracts.api;

import java.util.UUID;

/**
 * Answer to "is this address ours?". {@code domainLocal} says whether any tenant owns the domain; {@code accountId}
 * is set when the address reaches a local account.
 */
public record RecipientResolution(String address, boolean domainLocal, UUID tenantId, UUID accountId) {
}
