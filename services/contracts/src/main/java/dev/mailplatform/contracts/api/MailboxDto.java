package dev.mailplatform.contracts.api;

import java.util.List;
import java.util.UUID;

/**
 * A mailbox and its status (IMAP STATUS / SELECT data), maintained without scanning messages.
 *
 * @param name         full hierarchical name with {@link #DELIMITER} as separator, in UTF-8 (gateways convert to
 *                     modified UTF-7 for IMAP4rev1 clients)
 * @param specialUse   RFC 6154 attributes such as "\\Sent", "\\Trash"; empty for ordinary mailboxes
 * @param hasChildren  for the IMAP CHILDREN extension (\HasChildren / \HasNoChildren)
 * @param sizeBytes    sum of message sizes (STATUS SIZE, QUOTA)
 */
public record MailboxDto(UUID id, String name, long uidValidity, long uidNext, long highestModseq, long messages,
        long unseen, List<String> specialUse, boolean subscribed, boolean hasChildren, long sizeBytes) {
    public static final char DELIMITER = '/';

    public MailboxDto {
        specialUse = specialUse == null ? List.of() : List.copyOf(specialUse);
    }

    public MailboxDto(UUID id, String name, long uidValidity, long uidNext, long highestModseq, long messages,
            long unseen) {
        this(id, name, uidValidity, uidNext, highestModseq, messages, unseen, List.of(), false, false, 0);
    }
}
