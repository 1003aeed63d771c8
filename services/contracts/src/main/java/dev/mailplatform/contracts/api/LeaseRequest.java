package dev.mailplatform.contracts.api;

/** Takes or renews the POP3 maildrop lease for {@code holder} (a session id) for {@code ttlSeconds}. */
public record LeaseRequest(String holder, long ttlSeconds) {
}
