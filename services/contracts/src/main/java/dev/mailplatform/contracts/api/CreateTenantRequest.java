package dev.mailplatform.contracts.api;

public record CreateTenantRequest(String name) {
}
