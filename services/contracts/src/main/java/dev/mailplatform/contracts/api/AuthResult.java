package dev.mailplatform.contracts.api;

import java.util.UUID;

public record AuthResult(UUID accountId, UUID tenantId, String address) {
}
