package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ArgReader;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.Request;
import dev.mailplatform.imap.protocol.Token;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Second parsing stage: a framed {@link Request} into a typed {@link ImapCommand}, or a {@link ProtocolException}.
 * {@code utf8} tells whether the client has enabled UTF-8 mailbox names (RFC 6855 §3, RFC 9051), which decides how
 * names are decoded.
 */
public final class CommandParser {
    /** RFC 9051 §9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", day may be space-padded. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.US);
    private static final Set<String> SORT_KEYS = Set.of("ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO");
    private static final Set<String> STATUS_ITEMS = Set.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "RECENT",
            "SIZE", "HIGHESTMODSEQ", "DELETED");
    private static final Set<String> ESEARCH_RETURN = Set.of("MIN", "MAX", "ALL", "COUNT");
    private static final int MAX_ID_PARAMS = 30;

    private CommandParser() {
    }

    public static ImapCommand parse(Request request) {
        return parse(request, false);
    }

    public static ImapCommand parse(Request request, boolean utf8) {
        ArgReader in = new ArgReader(request.args());
        String name = request.name();
        ImapCommand command = switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability();
            case "NOOP" -> new ImapCommand.Noop();
            case "LOGOUT" -> new ImapCommand.Logout();
            case "STARTTLS" -> new ImapCommand.StartTls();
            case "CHECK" -> new ImapCommand.Check();
            case "CLOSE" -> new ImapCommand.Close(true);
            case "UNSELECT" -> new ImapCommand.Close(false);
            case "IDLE" -> new ImapCommand.Idle();
            case "NAMESPACE" -> new ImapCommand.Namespace();
            case "EXPUNGE" -> new ImapCommand.Expunge(null);
            case "LOGIN" -> login(in);
            case "AUTHENTICATE" -> new ImapCommand.Authenticate(in.upperAtom("SASL mechanism"),
                    in.hasMore() ? in.atom("initial response") : null);
            case "ENABLE" -> enable(in);
            case "SELECT" -> select(in, utf8, false);
            case "EXAMINE" -> select(in, utf8, true);
            case "CREATE" -> create(in, utf8);
            case "DELETE" -> new ImapCommand.Delete(mailbox(in, utf8));
            case "RENAME" -> new ImapCommand.Rename(mailbox(in, utf8), mailbox(in, utf8));
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(mailbox(in, utf8), true);
            case "UNSUBSCRIBE" -> new ImapCommand.Subscribe(mailbox(in, utf8), false);
            case "LIST" -> list(in, utf8, false);
            case "LSUB" -> list(in, utf8, true);
            case "STATUS" -> status(in, utf8);
            case "APPEND" -> append(in, utf8);
            case "SEARCH" -> search(in, false);
            case "SORT" -> sort(in, false);
            case "THREAD" -> thread(in, false);
            case "FETCH" -> fetch(in, false);
            case "STORE" -> store(in, false);
            case "COPY" -> copy(in, utf8, false, false);
            case "MOVE" -> copy(in, utf8, false, true);
            case "UID" -> uid(in, utf8);
            case "ID" -> id(in);
            case "GETQUOTA" -> new ImapCommand.GetQuota(in.astring("quota root"), null);
            case "GETQUOTAROOT" -> new ImapCommand.GetQuota(null, mailbox(in, utf8));
            case "COMPRESS" -> new ImapCommand.Compress(in.upperAtom("compression mechanism"));
            default -> new ImapCommand.Unknown(name.length() > 20 ? "X" : name);
        };
        if (!(command instanceof ImapCommand.Unknown)) {
            in.expectEnd();
        }
        return command;
    }

    private static ImapCommand login(ArgReader in) {
        if (in.peekListStart() || in.peekListEnd()) {
            throw ProtocolException.bad("LOGIN expects a user name and a password");
        }
        String user = in.astring("user name");
        if (!in.hasMore() || in.peekListStart() || in.peekListEnd()) {
            throw ProtocolException.bad("LOGIN expects a user name and a password");
        }
        String password = in.astring("password");
        if (in.hasMore()) {
            throw ProtocolException.bad("LOGIN expects a user name and a password");
        }
        return new ImapCommand.Login(user, password);
    }

    private static ImapCommand enable(ArgReader in) {
        List<String> caps = new ArrayList<>();
        while (in.hasMore()) {
            caps.add(in.upperAtom("capability"));
        }
        if (caps.isEmpty()) {
            throw ProtocolException.bad("ENABLE expects capability names");
        }
        return new ImapCommand.Enable(caps);
    }

    private static ImapCommand select(ArgReader in, boolean utf8, boolean readOnly) {
        if (!in.hasMore() || in.peekListStart()) {
            throw ProtocolException.bad((readOnly ? "EXAMINE" : "SELECT") + " expects one mailbox name");
        }
        String mailbox = mailbox(in, utf8);
        boolean condstore = false;
        ImapCommand.QresyncParams qresync = null;
        if (in.hasMore()) {
            if (!in.peekListStart()) {
                throw ProtocolException.bad((readOnly ? "EXAMINE" : "SELECT") + " expects one mailbox name");
            }
            in.expectListStart("select parameters");
            while (!in.peekListEnd()) {
                String param = in.upperAtom("select parameter");
                if (param.equals("CONDSTORE")) {
                    condstore = true; // RFC 7162 §3.1.8
                } else if (param.equals("QRESYNC")) {
                    in.expectListStart("QRESYNC");
                    long validity = in.number("UIDVALIDITY");
                    long modseq = in.number("mod-sequence");
                    String known = null;
                    if (in.peek() instanceof Token.Atom) {
                        known = in.atom("known UIDs");
                        SequenceSet.parse(known);
                    }
                    if (in.peekListStart()) { // the sequence match data is optional and only an optimisation
                        in.expectListStart("seq-match-data");
                        in.atom("sequence set");
                        in.atom("UID set");
                        in.expectListEnd("seq-match-data");
                    }
                    in.expectListEnd("QRESYNC");
                    if (validity == 0 || modseq == 0) {
                        throw ProtocolException.bad("Invalid QRESYNC parameters");
                    }
                    qresync = new ImapCommand.QresyncParams(validity, modseq, known);
                } else {
                    throw ProtocolException.bad("Unknown select parameter");
                }
            }
            in.expectListEnd("select parameters");
        }
        return new ImapCommand.Select(mailbox, readOnly, condstore, qresync);
    }

    private static ImapCommand create(ArgReader in, boolean utf8) {
        String name = mailbox(in, utf8);
        // RFC 9051 §6.3.4: a trailing delimiter only says the client intends to create children
        while (name.length() > 1 && name.endsWith(String.valueOf(MailboxNames.DELIMITER))) {
            name = name.substring(0, name.length() - 1);
        }
        String specialUse = null;
        if (in.hasMore()) {
            in.expectListStart("create parameters");
            while (!in.peekListEnd()) {
                if (!in.acceptAtom("USE")) {
                    throw ProtocolException.bad("Unknown CREATE parameter");
                }
                List<String> uses = in.stringList("USE");
                if (uses.size() != 1) {
                    // RFC 6154 §5.2: one use per mailbox is all this server keeps
                    throw ProtocolException.no("USEATTR", "Exactly one special-use attribute is supported");
                }
                specialUse = uses.get(0);
            }
            in.expectListEnd("create parameters");
        }
        return new ImapCommand.Create(name, specialUse);
    }

    private static ImapCommand list(ArgReader in, boolean utf8, boolean lsub) {
        boolean selectSubscribed = false;
        boolean selectSpecialUse = false;
        boolean recursive = false;
        if (!lsub && in.peekListStart()) { // RFC 5258 §3: selection options
            in.expectListStart("selection options");
            while (!in.peekListEnd()) {
                String option = in.upperAtom("selection option");
                switch (option) {
                    case "SUBSCRIBED" -> selectSubscribed = true;
                    case "SPECIAL-USE" -> selectSpecialUse = true;
                    case "RECURSIVEMATCH" -> recursive = true;
                    case "REMOTE" -> {
                        // RFC 5258 §3: no remote mailboxes here, nothing to add
                    }
                    default -> throw ProtocolException.bad("Unknown LIST selection option");
                }
            }
            in.expectListEnd("selection options");
            if (recursive && !selectSubscribed) {
                throw ProtocolException.bad("RECURSIVEMATCH needs another selection option"); // RFC 5258 §3
            }
        }
        String reference = listString(in, utf8);
        List<String> patterns = new ArrayList<>();
        if (!lsub && in.peekListStart()) {
            in.expectListStart("patterns");
            while (!in.peekListEnd()) {
                patterns.add(listString(in, utf8));
            }
            in.expectListEnd("patterns");
        } else {
            patterns.add(listString(in, utf8));
        }
        boolean returnSubscribed = false;
        boolean returnChildren = false;
        boolean returnSpecialUse = false;
        List<String> returnStatus = null;
        if (!lsub && in.acceptAtom("RETURN")) {
            in.expectListStart("return options");
            while (!in.peekListEnd()) {
                String option = in.upperAtom("return option");
                switch (option) {
                    case "SUBSCRIBED" -> returnSubscribed = true;
                    case "CHILDREN" -> returnChildren = true;
                    case "SPECIAL-USE" -> returnSpecialUse = true;
                    case "STATUS" -> returnStatus = statusItems(in);
                    default -> throw ProtocolException.bad("Unknown LIST return option");
                }
            }
            in.expectListEnd("return options");
        }
        boolean empty = patterns.size() == 1 && patterns.get(0).isEmpty();
        List<String> full = new ArrayList<>();
        for (String p : patterns) {
            full.add(join(reference, p));
        }
        return new ImapCommand.ListMailboxes(full, lsub, selectSubscribed, selectSpecialUse, recursive,
                returnSubscribed, returnChildren, returnSpecialUse, returnStatus, empty);
    }

    /** RFC 9051 §6.3.9: the reference is prefixed to the pattern; a pattern starting at the root ignores it. */
    private static String join(String reference, String pattern) {
        if (reference.isEmpty() || pattern.startsWith(String.valueOf(MailboxNames.DELIMITER))) {
            return pattern;
        }
        if (reference.endsWith(String.valueOf(MailboxNames.DELIMITER))) {
            return reference + pattern;
        }
        return reference + MailboxNames.DELIMITER + pattern;
    }

    private static String listString(ArgReader in, boolean utf8) {
        String raw = in.astring("mailbox pattern");
        return utf8 ? raw : MailboxNames.decodeModifiedUtf7(raw);
    }

    private static ImapCommand status(ArgReader in, boolean utf8) {
        String mailbox = mailbox(in, utf8);
        return new ImapCommand.Status(mailbox, statusItems(in));
    }

    private static List<String> statusItems(ArgReader in) {
        List<String> items = new ArrayList<>();
        in.expectListStart("status items");
        while (!in.peekListEnd()) {
            String item = in.upperAtom("status item");
            if (!STATUS_ITEMS.contains(item)) {
                throw ProtocolException.bad("Unknown STATUS item");
            }
            items.add(item);
        }
        in.expectListEnd("status items");
        if (items.isEmpty()) {
            throw ProtocolException.bad("STATUS expects at least one item");
        }
        return items;
    }

    private static ImapCommand append(ArgReader in, boolean utf8) {
        String mailbox = mailbox(in, utf8);
        List<String> flags = List.of();
        if (in.peekListStart()) {
            flags = flagList(in);
        }
        Instant date = null;
        if (in.peek() instanceof Token.Quoted q) {
            in.next("date-time");
            date = dateTime(q.value());
        }
        if (!(in.next("message literal") instanceof Token.Literal literal)) {
            throw ProtocolException.bad("APPEND expects the message as a literal");
        }
        return new ImapCommand.Append(mailbox, flags, date, literal.bytes());
    }

    static Instant dateTime(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ProtocolException.bad("Invalid date-time");
        }
    }

    private static List<String> flagList(ArgReader in) {
        in.expectListStart("flags");
        List<String> flags = new ArrayList<>();
        while (!in.peekListEnd()) {
            flags.add(flag(in.atom("flag")));
        }
        in.expectListEnd("flags");
        return flags;
    }

    /** RFC 9051 §2.3.2: system flags are case-insensitive; \Recent cannot be set by a client. */
    private static String flag(String raw) {
        if (!raw.startsWith("\\")) {
            return raw;
        }
        String upper = raw.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "\\SEEN" -> "\\Seen";
            case "\\ANSWERED" -> "\\Answered";
            case "\\FLAGGED" -> "\\Flagged";
            case "\\DELETED" -> "\\Deleted";
            case "\\DRAFT" -> "\\Draft";
            default -> throw ProtocolException.bad("Invalid flag " + (raw.length() > 20 ? raw.substring(0, 20)
                    : raw));
        };
    }

    private static ImapCommand uid(ArgReader in, boolean utf8) {
        String sub = in.upperAtom("UID command");
        return switch (sub) {
            case "FETCH" -> fetch(in, true);
            case "STORE" -> store(in, true);
            case "SEARCH" -> search(in, true);
            case "SORT" -> sort(in, true);
            case "THREAD" -> thread(in, true);
            case "COPY" -> copy(in, utf8, true, false);
            case "MOVE" -> copy(in, utf8, true, true);
            case "EXPUNGE" -> new ImapCommand.Expunge(SequenceSet.parse(in.atom("UID set")));
            default -> throw ProtocolException.bad("Unknown UID command");
        };
    }

    private static ImapCommand search(ArgReader in, boolean byUid) {
        Set<String> returns = new LinkedHashSet<>();
        boolean esearch = false;
        if (in.acceptAtom("RETURN")) { // RFC 4731 §3
            esearch = true;
            in.expectListStart("return options");
            while (!in.peekListEnd()) {
                String option = in.upperAtom("return option");
                if (!ESEARCH_RETURN.contains(option)) {
                    throw ProtocolException.bad("Unknown SEARCH return option");
                }
                returns.add(option);
            }
            in.expectListEnd("return options");
            if (returns.isEmpty()) {
                returns.add("ALL"); // RFC 4731 §3.1: RETURN () means ALL
            }
        }
        if (in.acceptAtom("CHARSET")) {
            charset(in.astring("charset"));
        }
        return new ImapCommand.Search(byUid, SearchParser.parseAll(in), returns, esearch, List.of(), null);
    }

    /** RFC 9051 §6.4.4: an unsupported charset gets NO [BADCHARSET] listing the supported ones. */
    private static void charset(String charset) {
        String upper = charset.toUpperCase(Locale.ROOT);
        if (!upper.equals("UTF-8") && !upper.equals("US-ASCII")) {
            throw ProtocolException.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
    }

    private static ImapCommand sort(ArgReader in, boolean byUid) {
        in.expectListStart("sort criteria");
        List<String> criteria = new ArrayList<>();
        while (!in.peekListEnd()) {
            String key = in.upperAtom("sort key");
            boolean reverse = key.equals("REVERSE");
            if (reverse) {
                key = in.upperAtom("sort key");
            }
            if (!SORT_KEYS.contains(key)) {
                throw ProtocolException.bad("Unknown sort key");
            }
            criteria.add(reverse ? "REVERSE " + key : key);
        }
        in.expectListEnd("sort criteria");
        if (criteria.isEmpty()) {
            throw ProtocolException.bad("SORT expects at least one criterion");
        }
        charset(in.astring("charset"));
        return new ImapCommand.Search(byUid, SearchParser.parseAll(in), Set.of(), false, criteria, null);
    }

    private static ImapCommand thread(ArgReader in, boolean byUid) {
        String algorithm = in.upperAtom("thread algorithm");
        if (!algorithm.equals("REFERENCES")) {
            throw ProtocolException.bad("Unsupported thread algorithm");
        }
        charset(in.astring("charset"));
        return new ImapCommand.Search(byUid, SearchParser.parseAll(in), Set.of(), false, List.of(), algorithm);
    }

    private static ImapCommand store(ArgReader in, boolean byUid) {
        SequenceSet set = SequenceSet.parse(in.atom("sequence set"));
        Long unchangedSince = null;
        if (in.peekListStart()) { // RFC 7162 §3.1.3
            in.expectListStart("store modifiers");
            if (!in.acceptAtom("UNCHANGEDSINCE")) {
                throw ProtocolException.bad("Unknown STORE modifier");
            }
            unchangedSince = in.number("UNCHANGEDSINCE");
            in.expectListEnd("store modifiers");
        }
        String item = in.upperAtom("store item");
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - 7) : item;
        String mode = switch (base) {
            case "FLAGS" -> "REPLACE";
            case "+FLAGS" -> "ADD";
            case "-FLAGS" -> "REMOVE";
            default -> throw ProtocolException.bad("Invalid STORE data item");
        };
        List<String> flags;
        if (in.peekListStart()) {
            flags = flagList(in);
        } else {
            flags = new ArrayList<>();
            while (in.hasMore()) {
                flags.add(flag(in.atom("flag")));
            }
            if (flags.isEmpty()) {
                throw ProtocolException.bad("STORE expects flags");
            }
        }
        return new ImapCommand.Store(set, byUid, mode, silent, List.copyOf(new LinkedHashSet<>(flags)),
                unchangedSince);
    }

    private static ImapCommand copy(ArgReader in, boolean utf8, boolean byUid, boolean move) {
        SequenceSet set = SequenceSet.parse(in.atom("sequence set"));
        return new ImapCommand.Copy(set, byUid, mailbox(in, utf8), move);
    }

    private static ImapCommand id(ArgReader in) {
        if (in.acceptAtom("NIL")) {
            return new ImapCommand.Id(null);
        }
        in.expectListStart("ID parameters");
        Map<String, String> params = new LinkedHashMap<>();
        while (!in.peekListEnd()) {
            String key = in.string("ID field");
            String value = in.nstring("ID value");
            if (params.size() >= MAX_ID_PARAMS || key.length() > 30 || (value != null && value.length() > 1024)) {
                throw ProtocolException.bad("ID parameters too long"); // RFC 2971 §3.3 limits
            }
            params.put(key, value);
        }
        in.expectListEnd("ID parameters");
        return new ImapCommand.Id(params);
    }

    private static ImapCommand fetch(ArgReader in, boolean byUid) {
        if (!(in.peek() instanceof Token.Atom)) {
            throw ProtocolException.bad("FETCH expects a sequence set and data items");
        }
        SequenceSet set = SequenceSet.parse(in.atom("sequence set"));
        if (!in.hasMore()) {
            throw ProtocolException.bad("FETCH expects a sequence set and data items");
        }
        Set<FetchAttribute> items = new LinkedHashSet<>();
        if (byUid) {
            items.add(FetchAttribute.Simple.UID); // RFC 9051 §6.4.9: UID FETCH responses always include the UID
        }
        if (in.peekListStart()) {
            in.expectListStart("data items");
            int count = 0;
            while (in.peek() instanceof Token.Atom) {
                items.addAll(fetchItem(in.atom("data item"), false));
                count++;
            }
            if (count == 0 || !in.peekListEnd()) {
                throw ProtocolException.bad("Invalid FETCH data item list");
            }
            in.expectListEnd("data items");
        } else if (in.peek() instanceof Token.Atom) {
            items.addAll(fetchItem(in.atom("data item"), true));
        } else {
            throw ProtocolException.bad("Invalid FETCH data items");
        }
        Long changedSince = null;
        boolean vanished = false;
        if (in.peekListStart()) { // RFC 7162 §3.1.4 / §3.2.6 fetch modifiers
            in.expectListStart("fetch modifiers");
            while (!in.peekListEnd()) {
                String modifier = in.upperAtom("fetch modifier");
                if (modifier.equals("CHANGEDSINCE")) {
                    changedSince = in.number("CHANGEDSINCE");
                } else if (modifier.equals("VANISHED")) {
                    vanished = true;
                } else {
                    throw ProtocolException.bad("Unknown FETCH modifier");
                }
            }
            in.expectListEnd("fetch modifiers");
            if (vanished && (!byUid || changedSince == null)) {
                throw ProtocolException.bad("VANISHED needs UID FETCH with CHANGEDSINCE"); // RFC 7162 §3.2.6
            }
            if (changedSince != null) {
                items.add(FetchAttribute.Simple.MODSEQ);
            }
        }
        return new ImapCommand.Fetch(set, new ArrayList<>(items), byUid, changedSince, vanished);
    }

    private static List<FetchAttribute> fetchItem(String raw, boolean alone) {
        String item = raw.toUpperCase(Locale.ROOT);
        if (item.indexOf('[') > 0) {
            return List.of(FetchAttribute.Section.parse(raw));
        }
        return switch (item) {
            case "UID" -> List.of(FetchAttribute.Simple.UID);
            case "FLAGS" -> List.of(FetchAttribute.Simple.FLAGS);
            case "INTERNALDATE" -> List.of(FetchAttribute.Simple.INTERNALDATE);
            case "RFC822.SIZE" -> List.of(FetchAttribute.Simple.RFC822_SIZE);
            case "ENVELOPE" -> List.of(FetchAttribute.Simple.ENVELOPE);
            case "BODYSTRUCTURE" -> List.of(FetchAttribute.Simple.BODYSTRUCTURE);
            case "BODY" -> List.of(FetchAttribute.Simple.BODY);
            case "MODSEQ" -> List.of(FetchAttribute.Simple.MODSEQ);
            case "RFC822" -> List.of(section(FetchAttribute.SectionKind.RFC822, false, null));
            case "RFC822.HEADER" -> List.of(section(FetchAttribute.SectionKind.RFC822_HEADER, true, "HEADER"));
            case "RFC822.TEXT" -> List.of(section(FetchAttribute.SectionKind.RFC822_TEXT, false, "TEXT"));
            case "FAST", "ALL", "FULL" -> {
                // RFC 9051 §6.4.5: macros cannot be combined with other items
                if (!alone) {
                    throw ProtocolException.bad("FETCH macro " + item + " must stand alone");
                }
                List<FetchAttribute> macro = new ArrayList<>(List.of(FetchAttribute.Simple.FLAGS,
                        FetchAttribute.Simple.INTERNALDATE, FetchAttribute.Simple.RFC822_SIZE));
                if (!item.equals("FAST")) {
                    macro.add(FetchAttribute.Simple.ENVELOPE);
                }
                if (item.equals("FULL")) {
                    macro.add(FetchAttribute.Simple.BODY);
                }
                yield macro;
            }
            default -> throw ProtocolException.bad("Unsupported FETCH data item " + sanitize(raw));
        };
    }

    private static FetchAttribute.Section section(FetchAttribute.SectionKind kind, boolean peek, String text) {
        return new FetchAttribute.Section(kind, peek, List.of(), text, List.of(), null, null);
    }

    private static String mailbox(ArgReader in, boolean utf8) {
        String raw = in.astring("mailbox name");
        if (raw.isEmpty()) {
            throw ProtocolException.no(ResponseCode.NONEXISTENT, "Empty mailbox name");
        }
        return MailboxNames.fromClient(raw, utf8);
    }

    /** Echoes client input in a reply only as short printable ASCII. */
    private static String sanitize(String raw) {
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
