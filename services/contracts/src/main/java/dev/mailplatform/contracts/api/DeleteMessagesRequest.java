package dev.mailplatform.contracts.api;

import java.util.List;

/** Removes these UIDs at once (POP3 QUIT commit, IMAP EXPUNGE of a UID set). */
public record DeleteMessagesRequest(List<Long> uids) {
}
