package dev.mailplatform.contracts.api;

/** {@code address} is the login and the primary address; its domain must belong to the tenant. */
public record CreateAccountRequest(String address, String password) {
}
