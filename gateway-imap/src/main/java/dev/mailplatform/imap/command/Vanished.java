package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.protocol.command.SequenceSet.Range;
import dev.mailplatform.imap.session.MessageSets;
import dev.mailplatform.imap.session.SelectedMailbox;
import java.util.ArrayList;
import java.util.List;

/** RFC 7162 VANISHED (EARLIER): the UIDs a client is told have gone since the MODSEQ it names. */
public final class Vanished {
    private Vanished() {
    }

    /**
     * The UIDs of {@code within} (every UID when null) expunged after the MODSEQ {@code changes} answers for, as a
     * compact UID set ("" when none). When the mailbox service has pruned part of that history, every UID up to the
     * last one the view has seen that is not in the view counts as well: RFC 7162 §3.2.5.2 lets a server that lacks
     * the history report UIDs the client may never have had, and the client ignores those.
     */
    public static String earlier(ChangesResult changes, SelectedMailbox box, SequenceSet within) {
        List<Range> gone = new ArrayList<>();
        for (long uid : changes.expunged()) {
            gone.add(new Range(uid, uid));
        }
        if (changes.expungesPruned()) {
            gone.addAll(notInView(box));
        }
        List<Range> allowed = within == null ? List.of(new Range(1, SequenceSet.MAX_NUMBER))
                : within.normalized(SequenceSet.MAX_NUMBER);
        return MessageSets.compactRanges(intersection(new SequenceSet(gone).normalized(0), allowed));
    }

    /** The UIDs up to {@link SelectedMailbox#uidsSeenUpTo()} that the view does not hold, as ascending ranges. */
    private static List<Range> notInView(SelectedMailbox box) {
        List<Range> gaps = new ArrayList<>();
        long previous = 0;
        for (MessageDto m : box.messages()) {
            if (m.uid() > previous + 1) {
                gaps.add(new Range(previous + 1, m.uid() - 1));
            }
            previous = m.uid();
        }
        if (box.uidsSeenUpTo() > previous) {
            gaps.add(new Range(previous + 1, box.uidsSeenUpTo()));
        }
        return gaps;
    }

    /** Both lists ascending and disjoint: one pass over each. */
    private static List<Range> intersection(List<Range> a, List<Range> b) {
        List<Range> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long first = Math.max(a.get(i).first(), b.get(j).first());
            long last = Math.min(a.get(i).last(), b.get(j).last());
            if (first <= last) {
                out.add(new Range(first, last));
            }
            if (a.get(i).last() < b.get(j).last()) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }
}
