package dev.mailplatform.imap.session;

import dev.mailplatform.contracts.api.MessageDto;
import java.util.List;

/**
 * The session's view of the selected mailbox: message {@code i} of {@link #messages()} has sequence number
 * {@code i + 1}. The view only changes when the session may announce it (RFC 9051 §7.5.1: no EXPUNGE during FETCH).
 */
public record SelectedMailbox(String name, boolean readOnly, long uidValidity, List<MessageDto> messages) {
    public SelectedMailbox {
        messages = List.copyOf(messages);
    }

    public long largestUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }

    public SelectedMailbox withMessages(List<MessageDto> newMessages) {
        return new SelectedMailbox(name, readOnly, uidValidity, newMessages);
    }
}
