package dev.mailplatform.contracts.api;

import java.time.Instant;

public record LeaseDto(String holder, Instant expiresAt) {
}
