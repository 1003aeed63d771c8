package dev.mailplatform.delivery.smtp;

/** What one recipient of a relayed transaction came to. */
public record RecipientOutcome(Kind kind, String status, String diagnostic, String remoteMta) {
    public enum Kind {
        /** the peer took responsibility (250 after the final "."): never send it again */
        DELIVERED,
        /** 4xx, timeout, refused connection, DNS SERVFAIL: try again later */
        DEFERRED,
        /** 5xx, null MX, expiry: bounce */
        FAILED
    }

    public static RecipientOutcome of(SmtpReply reply, String remoteMta) {
        Kind kind = reply.code() / 100 == 2 ? Kind.DELIVERED : reply.transientFailure() ? Kind.DEFERRED : Kind.FAILED;
        return new RecipientOutcome(kind, reply.status(), "smtp; " + reply.text(), remoteMta);
    }

    public static RecipientOutcome deferred(String status, String diagnostic) {
        return new RecipientOutcome(Kind.DEFERRED, status, diagnostic, null);
    }

    public static RecipientOutcome failed(String status, String diagnostic) {
        return new RecipientOutcome(Kind.FAILED, status, diagnostic, null);
    }
}
