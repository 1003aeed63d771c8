package dev.mailplatform.contracts.api;

/** Renames the mailbox and every child below it (RFC 3501 6.3.5); renaming INBOX moves its messages. */
public record RenameMailboxRequest(String newName) {
}
