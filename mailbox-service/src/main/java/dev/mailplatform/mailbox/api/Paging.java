package dev.mailplatform.mailbox.api;

import dev.mailplatform.mailbox.config.MailboxServiceConfig;

/** A validated {@code ?offset&limit} window. */
public record Paging(int offset, int limit) {

    /** Takes the raw query strings so that {@code ?limit=abc} is a 400 rather than JAX-RS's 404. */
    public static Paging of(String offset, String limit, MailboxServiceConfig.Paging config) {
        int actualOffset = parse("offset", offset, 0);
        int actualLimit = parse("limit", limit, config.defaultLimit());
        if (actualOffset < 0) {
            throw ApiException.badRequest("offset must be >= 0");
        }
        if (actualLimit < 1 || actualLimit > config.maxLimit()) {
            throw ApiException.badRequest("limit must be between 1 and " + config.maxLimit());
        }
        return new Paging(actualOffset, actualLimit);
    }

    private static int parse(String name, String raw, int absent) {
        if (raw == null || raw.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer");
        }
    }
}
