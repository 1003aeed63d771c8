package dev.mailplatform.contracts.api;

/** Body of every error response: never a stack trace. */
public record ApiError(int status, String error, String message) {
}
