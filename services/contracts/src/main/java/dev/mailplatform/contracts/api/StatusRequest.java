package dev.mailplatform.contracts.api;

/** "active" or "suspended". */
public record StatusRequest(String status) {
}
