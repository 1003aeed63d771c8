package dev.mailplatform.contracts.api;

import java.util.UUID;

public record TenantDto(UUID id, String name) {
}
