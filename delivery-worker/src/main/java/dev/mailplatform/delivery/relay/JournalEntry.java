package dev.mailplatform.delivery.relay;

import java.util.Set;

/** Value of a {@link RelayTopics#JOURNAL} record: every recipient of the outbound message that is finished. */
public record JournalEntry(String outboundId, Set<String> done) {
}
