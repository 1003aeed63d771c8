package dev.mailplatform.contracts.api;

/** COPY or MOVE of a UID set to another mailbox of the same account. */
public record CopyMessagesRequest(String uidSet, String targetMailbox) {
}
