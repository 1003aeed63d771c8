package dev.mailplatform.contracts.api;

public record PasswordRequest(String password) {
}
