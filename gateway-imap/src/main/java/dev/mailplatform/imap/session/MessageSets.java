package dev.mailplatform.imap.session;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Sequence-number and UID sets resolved against the session's view (RFC 9051 §2.3.1). */
public final class MessageSets {
    private MessageSets() {
    }

    /** A message of the view with its sequence number. */
    public record Target(int seq, MessageDto message) {
    }

    /**
     * The messages of the view a set names, ascending. A sequence number beyond the view is a client error (RFC 9051
     * §7.1.3: BAD); UIDs that do not exist are simply not matched (RFC 9051 §6.4.8).
     */
    public static List<Target> resolve(SelectedMailbox view, SequenceSet set, boolean byUid) {
        List<MessageDto> messages = view.messages();
        if (!byUid && set.largestExplicit() > messages.size()) {
            throw ProtocolException.bad("Invalid message sequence number");
        }
        long largest = byUid ? view.largestUid() : messages.size();
        List<Target> out = new ArrayList<>();
        if (messages.isEmpty()) {
            return out;
        }
        for (int i = 0; i < messages.size(); i++) {
            MessageDto m = messages.get(i);
            if (set.contains(byUid ? m.uid() : i + 1, largest)) {
                out.add(new Target(i + 1, m));
            }
        }
        return out;
    }

    public static List<Long> uids(List<Target> targets) {
        List<Long> out = new ArrayList<>(targets.size());
        for (Target t : targets) {
            out.add(t.message().uid());
        }
        return out;
    }

    /** A compact IMAP set ("1:3,7") of ascending numbers. */
    public static String compact(Collection<Long> ascending) {
        StringBuilder s = new StringBuilder();
        long start = -1;
        long prev = -1;
        for (long n : ascending) {
            if (start < 0) {
                start = n;
            } else if (n != prev + 1) {
                append(s, start, prev);
                start = n;
            }
            prev = n;
        }
        if (start >= 0) {
            append(s, start, prev);
        }
        return s.toString();
    }

    /** A compact IMAP set ("1:3,7") of ascending, disjoint ranges. */
    public static String compactRanges(List<SequenceSet.Range> ascending) {
        StringBuilder s = new StringBuilder();
        for (SequenceSet.Range r : ascending) {
            append(s, r.first(), r.last());
        }
        return s.toString();
    }

    private static void append(StringBuilder s, long start, long end) {
        if (s.length() > 0) {
            s.append(',');
        }
        s.append(start);
        if (end != start) {
            s.append(':').append(end);
        }
    }
}
