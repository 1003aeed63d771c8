package dev.mailplatform.imap.session;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import java.util.List;

/**
 * The session's view of the selected mailbox: message {@code i} of {@link #messages()} has sequence number
 * {@code i + 1}. The view only changes when the session may announce it (RFC 9051 §7.5.1: no EXPUNGE during FETCH,
 * STORE or SEARCH), so messages expunged elsewhere stay in it until then.
 *
 * @param recentFromUid messages with a UID at or above this are \Recent for this session (RFC 3501 §2.3.2): those
 *                      that arrived while it had the mailbox selected
 * @param highestModseq the HIGHESTMODSEQ last reported (RFC 7162)
 * @param uidsSeenUpTo  every message with a UID up to this one is in the view or known to be expunged: at SELECT the
 *                      mailbox's UIDNEXT - 1, later at least the largest UID the view ever held (UIDs are assigned in
 *                      commit order), also when this session has since expunged the last ones
 */
public record SelectedMailbox(String name, boolean readOnly, long uidValidity, List<MessageDto> messages,
        long recentFromUid, long highestModseq, long uidsSeenUpTo) {
    public SelectedMailbox {
        messages = List.copyOf(messages);
        uidsSeenUpTo = Math.max(uidsSeenUpTo, messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid());
    }

    public long largestUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }

    public SelectedMailbox withMessages(List<MessageDto> newMessages) {
        return new SelectedMailbox(name, readOnly, uidValidity, newMessages, recentFromUid, highestModseq,
                uidsSeenUpTo);
    }

    public SelectedMailbox withHighestModseq(long modseq) {
        return new SelectedMailbox(name, readOnly, uidValidity, messages, recentFromUid,
                Math.max(highestModseq, modseq), uidsSeenUpTo);
    }

    /**
     * Whether the view already shows what a change event reports, so the session need not look again: most events
     * a session receives are the echoes of its own STORE, APPEND and EXPUNGE, whose results it has applied already.
     * A message added is known once its UID was seen; an expunge once the message is out of the view (a message
     * expunged elsewhere stays in the view until the expunge may be announced, so that one is not); a flag change
     * once the view holds the message at that MODSEQ or later (each message's MODSEQ only grows).
     */
    public boolean reflects(MailboxChanged event) {
        if (event.kind() == null || event.uid() <= 0) {
            return false;
        }
        int seq = seqOf(event.uid());
        return switch (event.kind()) {
            case MESSAGE_ADDED -> event.uid() <= uidsSeenUpTo;
            case MESSAGE_EXPUNGED -> seq == 0;
            case FLAGS_CHANGED -> seq == 0 ? event.uid() <= uidsSeenUpTo
                    : messages.get(seq - 1).modseq() >= event.modseq();
            default -> false;
        };
    }

    public boolean isRecent(MessageDto m) {
        return m.uid() >= recentFromUid;
    }

    public int recentCount() {
        int n = 0;
        for (MessageDto m : messages) {
            if (isRecent(m)) {
                n++;
            }
        }
        return n;
    }

    /** Sequence number (1-based) of a UID, or 0 when it is not in the view. Binary search: UIDs ascend. */
    public int seqOf(long uid) {
        int lo = 0;
        int hi = messages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long u = messages.get(mid).uid();
            if (u < uid) {
                lo = mid + 1;
            } else if (u > uid) {
                hi = mid - 1;
            } else {
                return mid + 1;
            }
        }
        return 0;
    }
}
