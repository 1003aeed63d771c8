package dev.mailplatform.contracts.api;

/** EXPUNGE (null uidSet: every message flagged \\Deleted) or UID EXPUNGE (only those of the set). */
public record ExpungeRequest(String uidSet) {
}
