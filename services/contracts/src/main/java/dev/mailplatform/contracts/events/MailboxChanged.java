package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A committed change to a mailbox, for IMAP gateways to push to idle clients on any node. */
public record MailboxChanged(
        UUID tenantId,
        UUID accountId,
        UUID mailboxId,
        String mailboxName,
        Kind kind,
        long uid,
        long modseq,
        Instant at) {

    public enum Kind {
        MESSAGE_ADDED, FLAGS_CHANGED, MESSAGE_EXPUNGED, MAILBOX_CREATED, MAILBOX_RENAMED, MAILBOX_DELETED
    }
}
