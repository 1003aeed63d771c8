package dev.mailplatform.contracts.api;

public record CreateDomainRequest(String name) {
}
