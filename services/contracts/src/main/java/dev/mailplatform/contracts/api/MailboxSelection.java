package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * A mailbox as SELECT opens it, in one request: its UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ and all its messages in
 * ascending UID order (without ENVELOPE and BODYSTRUCTURE).
 */
public record MailboxSelection(long uidValidity, long uidNext, long highestModseq, List<MessageDto> messages) {
    public MailboxSelection {
        messages = messages == null ? List.of() : messages;
    }
}
