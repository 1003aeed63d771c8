package dev.mailplatform.contracts.api;

import java.util.List;
import java.util.UUID;

public record AliasDto(UUID id, UUID tenantId, String address, List<String> targets) {
}
