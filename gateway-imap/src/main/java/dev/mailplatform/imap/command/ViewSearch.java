package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.session.SelectedMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Answers a search program from the session's view of the selected mailbox when it only asks what the view holds:
 * flags, UIDs and sizes (a client's "SEARCH UNSEEN", "UID SEARCH FLAGGED", "SEARCH DELETED"). The view is current
 * when no change event is outstanding, so these need no call to the mailbox service; anything touching headers,
 * bodies, dates or MODSEQ is still searched there. Matching follows the service's SQL: flags case-insensitively,
 * {@code \Recent} never (the gateway resolves RECENT to UIDs beforehand), {@code *} as the largest UID.
 */
final class ViewSearch {
    private ViewSearch() {
    }

    /** UIDs of the view's messages that pass {@code test}, ascending. */
    static List<Long> matching(Predicate<MessageDto> test, SelectedMailbox view) {
        List<Long> uids = new ArrayList<>();
        for (MessageDto m : view.messages()) {
            if (test.test(m)) {
                uids.add(m.uid());
            }
        }
        return uids;
    }

    /**
     * The program as a test of one message, built once (UID sets parsed once, not per message), or null when it asks
     * something the view does not hold. {@code *} stands for {@code largestUid}.
     */
    static Predicate<MessageDto> compile(SearchKey key, long largestUid) {
        if (key == null || key.key() == null) {
            return null;
        }
        List<SearchKey> children = key.children() == null ? List.of() : key.children();
        switch (key.key()) {
            case "ALL":
                return m -> true;
            case "AND": {
                List<Predicate<MessageDto>> all = new ArrayList<>(children.size());
                for (SearchKey child : children) {
                    Predicate<MessageDto> test = compile(child, largestUid);
                    if (test == null) {
                        return null;
                    }
                    all.add(test);
                }
                return m -> all.stream().allMatch(t -> t.test(m));
            }
            case "OR": {
                Predicate<MessageDto> a = children.size() == 2 ? compile(children.get(0), largestUid) : null;
                Predicate<MessageDto> b = children.size() == 2 ? compile(children.get(1), largestUid) : null;
                return a == null || b == null ? null : a.or(b);
            }
            case "NOT": {
                Predicate<MessageDto> a = children.size() == 1 ? compile(children.get(0), largestUid) : null;
                return a == null ? null : a.negate();
            }
            case "FLAG":
                return key.value() == null ? null : m -> hasFlag(m, key.value());
            case "NOFLAG":
                return key.value() == null ? null : m -> !hasFlag(m, key.value());
            case "UID": {
                SequenceSet set = key.value() == null ? null : parse(key.value());
                return set == null ? null : m -> set.contains(m.uid(), largestUid);
            }
            case "LARGER":
                return key.number() == null ? null : m -> m.size() > key.number();
            case "SMALLER":
                return key.number() == null ? null : m -> m.size() < key.number();
            default:
                return null;
        }
    }

    private static boolean hasFlag(MessageDto m, String flag) {
        if (flag.equalsIgnoreCase("\\Recent") || m.flags() == null) {
            return false;
        }
        for (String f : m.flags()) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    private static SequenceSet parse(String set) {
        try {
            return SequenceSet.parse(set);
        } catch (RuntimeException e) {
            return null; // the service words the error
        }
    }
}
