package dev.mailplatform.contracts.api;

/** {@code specialUse} e.g. "\\Archive" (RFC 6154 CREATE-SPECIAL-USE), or null. */
public record CreateMailboxRequest(String name, String specialUse) {
}
