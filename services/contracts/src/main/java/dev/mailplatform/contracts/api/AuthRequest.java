package dev.mailplatform.contracts.api;

/** {@code remoteAddress} is the client IP seen by the gateway, for throttling. */
public record AuthRequest(String username, String password, String remoteAddress) {
}
