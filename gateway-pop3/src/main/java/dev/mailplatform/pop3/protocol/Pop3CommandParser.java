/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Turns one command line (without its line end) into a typed {@link Pop3Command}. Pure and stateless. */
public final class Pop3CommandParser {
    /** RFC 1939 §3: keywords are 3 or 4 characters; longer ones are logged truncated to this. */
    public static final int MAX_KEYWORD_LOG = 8;
    /** RFC 1939 §3: "Each argument may be up to 40 characters long." */
    public static final int MAX_ARGUMENT_LENGTH = 40;
    /** Message numbers beyond this cannot exist in a maildrop we would load; rejecting them keeps parsing in int. */
    private static final int MAX_NUMBER_DIGITS = 9;

    private Pop3CommandParser() {
    }

    public static Pop3Command parse(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1);
        if (keyword.isEmpty()) {
            throw new Pop3ProtocolException("empty command");
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new Pop3ProtocolException("invalid command");
            }
        }
        return switch (keyword) {
            case "USER" -> new Pop3Command.User(single(keyword, rest));
            case "PASS" -> {
                // RFC 1939 §7: PASS has exactly one argument, so spaces in it belong to the password
                if (rest.isEmpty()) {
                    throw new Pop3ProtocolException("PASS needs a password");
                }
                yield new Pop3Command.Pass(rest);
            }
            case "STAT" -> noArguments(keyword, rest, new Pop3Command.Stat());
            case "LIST" -> new Pop3Command.List(optionalMessage(keyword, rest));
            case "UIDL" -> new Pop3Command.Uidl(optionalMessage(keyword, rest));
            case "RETR" -> new Pop3Command.Retr(message(arguments(keyword, rest, 1).get(0)));
            case "DELE" -> new Pop3Command.Dele(message(arguments(keyword, rest, 1).get(0)));
            case "TOP" -> {
                var args = arguments(keyword, rest, 2);
                yield new Pop3Command.Top(message(args.get(0)), number(args.get(1), "line count"));
            }
            case "NOOP" -> noArguments(keyword, rest, new Pop3Command.Noop());
            case "RSET" -> noArguments(keyword, rest, new Pop3Command.Rset());
            case "QUIT" -> noArguments(keyword, rest, new Pop3Command.Quit());
            case "CAPA" -> noArguments(keyword, rest, new Pop3Command.Capa());
            case "STLS" -> noArguments(keyword, rest, new Pop3Command.Stls());
            case "AUTH" -> auth(rest);
            case "APOP" -> {
                var args = arguments(keyword, rest, 2);
                yield new Pop3Command.Apop(args.get(0), args.get(1));
            }
            default -> new Pop3Command.Unknown(
                    keyword.length() > MAX_KEYWORD_LOG ? keyword.substring(0, MAX_KEYWORD_LOG) : keyword);
        };
    }

    /**
     * RFC 5034 §4: "AUTH" SP sasl-mech [SP initial-response]. The initial response is exempt from the 40-octet
     * argument limit (it is bounded by the AUTH line limit instead); the mechanism name is at most 20 characters of
     * [A-Z0-9-_] (RFC 4422 §3.1).
     */
    private static Pop3Command auth(String rest) {
        String trimmed = rest.strip();
        if (trimmed.isEmpty()) {
            return new Pop3Command.Auth(Optional.empty(), Optional.empty());
        }
        String[] parts = trimmed.split(" +", -1);
        if (parts.length > 2) {
            throw new Pop3ProtocolException("too many arguments for AUTH");
        }
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (mechanism.length() > 20 || !mechanism.matches("[A-Z0-9_-]+")) {
            throw new Pop3ProtocolException("invalid SASL mechanism name");
        }
        return new Pop3Command.Auth(Optional.of(mechanism),
                parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }

    private static <C extends Pop3Command> C noArguments(String keyword, String rest, C command) {
        if (!rest.isBlank()) {
            throw new Pop3ProtocolException(keyword + " takes no arguments");
        }
        return command;
    }

    private static String single(String keyword, String rest) {
        return arguments(keyword, rest, 1).get(0);
    }

    private static OptionalInt optionalMessage(String keyword, String rest) {
        var args = arguments(keyword, rest, 0, 1);
        return args.isEmpty() ? OptionalInt.empty() : OptionalInt.of(message(args.get(0)));
    }

    private static java.util.List<String> arguments(String keyword, String rest, int exactly) {
        return arguments(keyword, rest, exactly, exactly);
    }

    private static java.util.List<String> arguments(String keyword, String rest, int min, int max) {
        var args = new ArrayList<String>(2);
        for (String part : rest.split(" ", -1)) {
            // clients sometimes send two spaces or a trailing space; tolerating empty fields costs nothing
            if (!part.isEmpty()) {
                if (part.length() > MAX_ARGUMENT_LENGTH) {
                    throw new Pop3ProtocolException("argument too long (max " + MAX_ARGUMENT_LENGTH + ")");
                }
                args.add(part);
            }
        }
        if (args.size() < min) {
            throw new Pop3ProtocolException(keyword + " needs " + (min == 1 ? "an argument" : min + " arguments"));
        }
        if (args.size() > max) {
            throw new Pop3ProtocolException("too many arguments for " + keyword);
        }
        return args;
    }

    /** RFC 1939 §3: message numbers start at 1. */
    private static int message(String token) {
        int n = number(token, "message number");
        if (n == 0) {
            throw new Pop3ProtocolException("invalid message number");
        }
        return n;
    }

    private static int number(String token, String what) {
        if (token.isEmpty() || token.length() > MAX_NUMBER_DIGITS) {
            throw new Pop3ProtocolException("invalid " + what);
        }
        int value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new Pop3ProtocolException("invalid " + what);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
