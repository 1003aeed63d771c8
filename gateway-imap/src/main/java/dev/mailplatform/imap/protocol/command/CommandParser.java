package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.Request;
import dev.mailplatform.imap.protocol.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Second parsing stage: a framed {@link Request} into a typed {@link ImapCommand}, or a BAD {@link ProtocolException}. */
public final class CommandParser {
    private CommandParser() {
    }

    public static ImapCommand parse(Request request) {
        List<Token> args = request.args();
        return switch (request.name()) {
            case "CAPABILITY" -> noArguments(args, new ImapCommand.Capability());
            case "NOOP" -> noArguments(args, new ImapCommand.Noop());
            case "LOGOUT" -> noArguments(args, new ImapCommand.Logout());
            case "LOGIN" -> login(args);
            case "SELECT" -> select(args, false);
            case "EXAMINE" -> select(args, true);
            case "FETCH" -> fetch(args, false);
            case "UID" -> uid(args);
            default -> new ImapCommand.Unknown(request.name());
        };
    }

    private static ImapCommand noArguments(List<Token> args, ImapCommand command) {
        if (!args.isEmpty()) {
            throw ProtocolException.bad("Unexpected arguments");
        }
        return command;
    }

    private static ImapCommand login(List<Token> args) {
        if (args.size() != 2) {
            throw ProtocolException.bad("LOGIN expects a user name and a password");
        }
        return new ImapCommand.Login(astring(args.get(0)), astring(args.get(1)));
    }

    private static ImapCommand select(List<Token> args, boolean readOnly) {
        // RFC 9051 §6.3.2: select parameters (CONDSTORE, QRESYNC) are extensions not announced here
        if (args.size() != 1) {
            throw ProtocolException.bad((readOnly ? "EXAMINE" : "SELECT") + " expects one mailbox name");
        }
        return new ImapCommand.Select(mailboxName(astring(args.get(0))), readOnly);
    }

    private static ImapCommand uid(List<Token> args) {
        if (args.isEmpty() || !(args.get(0) instanceof Token.Atom sub)) {
            throw ProtocolException.bad("UID expects a command");
        }
        String name = sub.value().toUpperCase(Locale.ROOT);
        if (name.equals("FETCH")) {
            return fetch(args.subList(1, args.size()), true);
        }
        return new ImapCommand.Unknown("UID " + name);
    }

    private static ImapCommand fetch(List<Token> args, boolean byUid) {
        if (args.size() < 2 || !(args.get(0) instanceof Token.Atom setAtom)) {
            throw ProtocolException.bad("FETCH expects a sequence set and data items");
        }
        SequenceSet set = SequenceSet.parse(setAtom.value());
        Set<FetchItem> items = new LinkedHashSet<>();
        if (byUid) {
            items.add(FetchItem.UID); // RFC 9051 §6.4.9: UID FETCH responses always include the UID
        }
        Token second = args.get(1);
        if (second instanceof Token.ListStart) {
            int i = 2;
            for (; i < args.size() && args.get(i) instanceof Token.Atom item; i++) {
                items.addAll(fetchItem(item.value(), false));
            }
            if (i == 2 || i >= args.size() || !(args.get(i) instanceof Token.ListEnd) || i != args.size() - 1) {
                throw ProtocolException.bad("Invalid FETCH data item list");
            }
        } else if (second instanceof Token.Atom item && args.size() == 2) {
            items.addAll(fetchItem(item.value(), true));
        } else {
            throw ProtocolException.bad("Invalid FETCH data items");
        }
        return new ImapCommand.Fetch(set, new ArrayList<>(items), byUid);
    }

    private static List<FetchItem> fetchItem(String raw, boolean alone) {
        String item = raw.toUpperCase(Locale.ROOT);
        return switch (item) {
            case "UID" -> List.of(FetchItem.UID);
            case "FLAGS" -> List.of(FetchItem.FLAGS);
            case "INTERNALDATE" -> List.of(FetchItem.INTERNALDATE);
            case "RFC822.SIZE" -> List.of(FetchItem.RFC822_SIZE);
            case "BODY[]" -> List.of(FetchItem.BODY);
            case "BODY.PEEK[]" -> List.of(FetchItem.BODY_PEEK);
            case "RFC822" -> List.of(FetchItem.RFC822);
            case "FAST" -> {
                // RFC 9051 §6.4.5: macros cannot be combined with other items
                if (!alone) {
                    throw ProtocolException.bad("FETCH macro " + item + " must stand alone");
                }
                yield List.of(FetchItem.FLAGS, FetchItem.INTERNALDATE, FetchItem.RFC822_SIZE);
            }
            default -> throw ProtocolException.bad("Unsupported FETCH data item " + sanitize(raw));
        };
    }

    /** RFC 9051 §5.1: INBOX is case-insensitive; other names are passed on as given. */
    private static String mailboxName(String name) {
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    private static String astring(Token token) {
        if (token instanceof Token.Atom a) {
            return a.value();
        }
        if (token instanceof Token.Quoted q) {
            return q.value();
        }
        if (token instanceof Token.Literal l) {
            return l.asString();
        }
        throw ProtocolException.bad("Expected a string");
    }

    /** Echoes client input in a reply only as short printable ASCII. */
    private static String sanitize(String raw) {
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
