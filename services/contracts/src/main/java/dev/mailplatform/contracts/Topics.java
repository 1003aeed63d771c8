package dev.mailplatform.contracts;

/** Kafka topic names: the wire between the services. Events carry references (claim check), never bodies. */
public final class Topics {
    /** Published by gateway-smtp once the body is durable in S3; key = message id. */
    public static final String ACCEPTED = "mail.accepted";
    /** Published by delivery-worker per local recipient; key = account id so one mailbox sees its mail in order. */
    public static final String DELIVER_LOCAL = "mail.deliver-local";
    /**
     * Published by delivery-worker for recipients outside every tenant's domains (submission), one record per message
     * and remote domain; key = domain. Consumed by the remote relay.
     */
    public static final String OUTBOUND = "mail.outbound";
    /** Published by mailbox-service when a local delivery fails permanently; key = message id. */
    public static final String DELIVERY_FAILED = "mail.delivery-failed";
    /** Published by mailbox-service after every committed change; key = account id. */
    public static final String MAILBOX_CHANGED = "mailbox.changed";

    private Topics() {
    }
}
