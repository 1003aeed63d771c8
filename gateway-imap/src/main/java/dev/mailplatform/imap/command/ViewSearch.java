package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.session.SelectedMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** Whether every key of the program can be evaluated on the view alone. */
    static boolean answerable(SearchKey key) {
        if (key == null || key.key() == null) {
            return false;
        }
        return switch (key.key()) {
            case "ALL" -> true;
            case "AND" -> key.children() == null || key.children().stream().allMatch(ViewSearch::answerable);
            case "OR" -> key.children() != null && key.children().size() == 2
                    && key.children().stream().allMatch(ViewSearch::answerable);
            case "NOT" -> key.children() != null && key.children().size() == 1 && answerable(key.children().get(0));
            case "FLAG", "NOFLAG" -> key.value() != null;
            case "UID" -> key.value() != null && parses(key.value());
            case "LARGER", "SMALLER" -> key.number() != null;
            default -> false;
        };
    }

    /** UIDs of the view's messages that match, ascending. */
    static List<Long> matching(SearchKey key, SelectedMailbox view) {
        List<Long> uids = new ArrayList<>();
        long largest = view.largestUid();
        for (MessageDto m : view.messages()) {
            if (matches(key, m, largest)) {
                uids.add(m.uid());
            }
        }
        return uids;
    }

    private static boolean matches(SearchKey key, MessageDto m, long largestUid) {
        return switch (key.key()) {
            case "ALL" -> true;
            case "AND" -> key.children() == null || key.children().stream().allMatch(c -> matches(c, m, largestUid));
            case "OR" -> matches(key.children().get(0), m, largestUid) || matches(key.children().get(1), m, largestUid);
            case "NOT" -> !matches(key.children().get(0), m, largestUid);
            case "FLAG" -> hasFlag(m, key.value());
            case "NOFLAG" -> !hasFlag(m, key.value());
            case "UID" -> SequenceSet.parse(key.value()).contains(m.uid(), largestUid);
            case "LARGER" -> m.size() > key.number();
            case "SMALLER" -> m.size() < key.number();
            default -> throw new IllegalArgumentException("not answerable from the view: " + key.key());
        };
    }

    private static boolean hasFlag(MessageDto m, String flag) {
        if (flag.equalsIgnoreCase("\\Recent") || m.flags() == null) {
            return false;
        }
        String wanted = flag.toLowerCase(Locale.ROOT);
        for (String f : m.flags()) {
            if (f.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean parses(String set) {
        try {
            SequenceSet.parse(set);
            return true;
        } catch (RuntimeException e) {
            return false; // the service words the error
        }
    }
}
