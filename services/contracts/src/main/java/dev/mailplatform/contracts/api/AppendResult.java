package dev.mailplatform.contracts.api;

/**
 * The UIDPLUS APPENDUID data, and the message as stored (flags, INTERNALDATE, size), so a gateway that has the target
 * mailbox selected can show it without listing the mailbox again.
 */
public record AppendResult(long uidValidity, long uid, long modseq, MessageDto message) {
}
