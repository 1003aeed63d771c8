package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.ArgReader;
import dev.mailplatform.imap.protocol.Token;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SEARCH criteria (RFC 9051 §6.4.4, RFC 3501 §6.4.4 for NEW/OLD/RECENT, RFC 7162 §3.1.5 MODSEQ) into the mailbox
 * service's {@link SearchKey} tree. Sequence sets become {@code SEQ} and \Recent tests {@code RECENT} keys, which the
 * session resolves against its own view before the search is sent.
 */
public final class SearchParser {
    public static final String SEQ = "SEQ";
    public static final String RECENT = "RECENT";
    /** Nesting bound: a hostile "NOT NOT NOT ..." or "((((" must not exhaust the stack. */
    private static final int MAX_DEPTH = 64;
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.US);

    private SearchParser() {
    }

    /** All remaining tokens as one criteria list, implicitly ANDed. */
    public static SearchKey parseAll(ArgReader in) {
        List<SearchKey> keys = new ArrayList<>();
        while (in.hasMore()) {
            keys.add(key(in, 0));
        }
        if (keys.isEmpty()) {
            throw ProtocolException.bad("Missing search criteria");
        }
        return keys.size() == 1 ? keys.get(0) : SearchKey.and(keys);
    }

    private static SearchKey key(ArgReader in, int depth) {
        if (depth > MAX_DEPTH) {
            throw ProtocolException.bad("Search criteria nested too deeply");
        }
        Token t = in.next("search key");
        if (t instanceof Token.ListStart) {
            List<SearchKey> keys = new ArrayList<>();
            while (!in.peekListEnd()) {
                if (!in.hasMore()) {
                    throw ProtocolException.bad("Unterminated search key list");
                }
                keys.add(key(in, depth + 1));
            }
            in.next(")");
            if (keys.isEmpty()) {
                throw ProtocolException.bad("Empty search key list");
            }
            return keys.size() == 1 ? keys.get(0) : SearchKey.and(keys);
        }
        if (!(t instanceof Token.Atom atom)) {
            throw ProtocolException.bad("Invalid search key");
        }
        String word = atom.value().toUpperCase(Locale.ROOT);
        if (!word.isEmpty() && (Character.isDigit(word.charAt(0)) || word.charAt(0) == '*')) {
            SequenceSet.parse(word); // validates
            return simple(SEQ, null, word, null, null);
        }
        return switch (word) {
            case "ALL" -> SearchKey.all();
            case "ANSWERED" -> flag("FLAG", "\\Answered");
            case "DELETED" -> flag("FLAG", "\\Deleted");
            case "DRAFT" -> flag("FLAG", "\\Draft");
            case "FLAGGED" -> flag("FLAG", "\\Flagged");
            case "SEEN" -> flag("FLAG", "\\Seen");
            case "UNANSWERED" -> flag("NOFLAG", "\\Answered");
            case "UNDELETED" -> flag("NOFLAG", "\\Deleted");
            case "UNDRAFT" -> flag("NOFLAG", "\\Draft");
            case "UNFLAGGED" -> flag("NOFLAG", "\\Flagged");
            case "UNSEEN" -> flag("NOFLAG", "\\Seen");
            case "KEYWORD" -> flag("FLAG", in.atom("keyword"));
            case "UNKEYWORD" -> flag("NOFLAG", in.atom("keyword"));
            case "RECENT" -> simple(RECENT, null, null, null, null);
            case "NEW" -> SearchKey.and(List.of(simple(RECENT, null, null, null, null), flag("NOFLAG", "\\Seen")));
            case "OLD" -> not(simple(RECENT, null, null, null, null));
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" ->
                    simple(word, null, null, null, date(in.astring("date")));
            case "LARGER", "SMALLER" -> simple(word, null, null, in.number("size"), null);
            case "BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO" ->
                    simple(word, null, in.astring(word), null, null);
            case "HEADER" -> simple("HEADER", in.astring("header field"), in.astring("header value"), null, null);
            case "UID" -> {
                String set = in.atom("UID set");
                SequenceSet.parse(set);
                yield simple("UID", null, set, null, null);
            }
            case "NOT" -> not(key(in, depth + 1));
            case "OR" -> {
                SearchKey a = key(in, depth + 1);
                SearchKey b = key(in, depth + 1);
                yield new SearchKey("OR", null, null, null, null, List.of(a, b));
            }
            case "MODSEQ" -> {
                // RFC 7162 §3.1.5: optional entry name and type, which this server does not distinguish
                if (!(in.peek() instanceof Token.Atom a && a.value().chars().allMatch(Character::isDigit))) {
                    in.astring("entry name");
                    in.atom("entry type");
                }
                yield simple("MODSEQ", null, null, in.number("mod-sequence"), null);
            }
            default -> throw ProtocolException.bad("Unknown search key " + (word.length() > 20
                    ? word.substring(0, 20) : word).replaceAll("[^\\x21-\\x7e]", "?"));
        };
    }

    private static SearchKey simple(String key, String field, String value, Long number, LocalDate date) {
        return new SearchKey(key, field, value, number, date, null);
    }

    private static SearchKey flag(String key, String flag) {
        return simple(key, null, flag, null, null);
    }

    private static SearchKey not(SearchKey child) {
        return new SearchKey("NOT", null, null, null, null, List.of(child));
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw ProtocolException.bad("Invalid date, expected d-Mon-yyyy");
        }
    }
}
