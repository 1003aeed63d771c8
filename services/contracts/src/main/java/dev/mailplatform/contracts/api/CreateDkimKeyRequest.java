package dev.mailplatform.contracts.api;

/** Generates a new DKIM key for a domain of the tenant; {@code algorithm} defaults to rsa-sha256. */
public record CreateDkimKeyRequest(String selector, String algorithm) {
}
