package dev.mailplatform.contracts.api;

import java.util.List;

/** The UIDPLUS COPYUID data (RFC 4315): source and destination UIDs pair up by position. */
public record CopyMessagesResult(long targetUidValidity, List<Long> sourceUids, List<Long> destinationUids) {
}
