package dev.mailplatform.mailbox.api;

import java.util.UUID;

/** Ids taken from URL paths: a malformed id names nothing, so it is a 404 like an unknown one. */
public final class PathIds {
    private PathIds() {
    }

    public static UUID tenant(String raw) {
        return parse(raw, "tenant");
    }

    public static UUID account(String raw) {
        return parse(raw, "account");
    }

    private static UUID parse(String raw, String kind) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound("no " + kind + " " + raw);
        }
    }
}
