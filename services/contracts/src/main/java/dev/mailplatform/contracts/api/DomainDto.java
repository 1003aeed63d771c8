package dev.mailplatform.contracts.api;

import java.util.UUID;

public record DomainDto(UUID id, UUID tenantId, String name) {
}
