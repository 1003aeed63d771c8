package dev.mailplatform.contracts.api;

import java.util.UUID;

public record AccountDto(UUID id, UUID tenantId, String address, String status) {
}
