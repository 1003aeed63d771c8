/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns one command line (without CRLF) into a typed {@link SmtpCommand}, or throws {@link SmtpProtocolException}
 * with the exact reply. Pure and stateless; path grammar from RFC 5321 §4.1.2, limits from §4.5.3.1.
 */
public final class SmtpCommandParser {
    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_PART = 64;
    /** RFC 5321 §4.5.3.1.2. */
    static final int MAX_DOMAIN = 255;
    /** RFC 5321 §4.5.3.1.3, counting the angle brackets. */
    static final int MAX_PATH = 256;

    private SmtpCommandParser() {
    }

    public static SmtpCommand parse(byte[] line) {
        for (byte b : line) {
            // NUL and other controls have no place in a command (RFC 5321 §4.1.1: commands are printable ASCII);
            // refusing them early keeps them out of logs and out of the Received header.
            if ((b & 0xff) < 0x20 && b != '\t' || b == 0x7f) {
                throw new SmtpProtocolException(SmtpReplies.C500_SYNTAX_ERROR, SmtpReplies.E5_5_2,
                        "Syntax error: control character in command");
            }
        }
        // ISO-8859-1 maps each octet to one char, so 8-bit octets survive to fail the ASCII grammar checks below.
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(helloDomain(rest, "EHLO"));
            case "HELO" -> new SmtpCommand.Helo(helloDomain(rest, "HELO"));
            case "MAIL" -> mailFrom(rest);
            case "RCPT" -> rcptTo(rest);
            case "DATA" -> noArgument(rest, new SmtpCommand.Data());
            case "RSET" -> noArgument(rest, new SmtpCommand.Rset());
            case "QUIT" -> noArgument(rest, new SmtpCommand.Quit());
            // RFC 5321 §4.1.1.9: NOOP may carry a string, which is ignored
            case "NOOP" -> new SmtpCommand.Noop();
            case "HELP" -> new SmtpCommand.Help(rest.strip());
            case "VRFY" -> {
                if (rest.isBlank()) {
                    throw argumentError("VRFY requires an argument");
                }
                yield new SmtpCommand.Vrfy(rest.strip());
            }
            default -> throw new SmtpProtocolException(SmtpReplies.C500_SYNTAX_ERROR, SmtpReplies.E5_5_1,
                    "Command unrecognized");
        };
    }

    private static SmtpCommand noArgument(String rest, SmtpCommand command) {
        if (!rest.isBlank()) {
            throw argumentError("Syntax error: no parameters allowed");
        }
        return command;
    }

    private static String helloDomain(String rest, String verb) {
        String arg = rest.strip();
        int space = arg.indexOf(' ');
        // RFC 5321 §4.1.4: servers should not refuse a wrong-looking HELO argument; we only need one printable token
        String domain = space < 0 ? arg : arg.substring(0, space);
        if (domain.isEmpty()) {
            throw argumentError(verb + " requires a domain or address literal");
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c <= ' ' || c > '~') {
                throw argumentError("Invalid domain in " + verb);
            }
        }
        if (domain.length() > MAX_DOMAIN) {
            throw argumentError("Domain too long");
        }
        return domain;
    }

    private static SmtpCommand mailFrom(String rest) {
        String args = requirePrefix(rest, "FROM:", "MAIL FROM:<address>");
        Cursor cursor = new Cursor(args);
        Optional<MailPath> reversePath = path(cursor, true);
        MailParams params = mailParams(cursor);
        return new SmtpCommand.MailFrom(reversePath, params);
    }

    private static SmtpCommand rcptTo(String rest) {
        String args = requirePrefix(rest, "TO:", "RCPT TO:<address>");
        Cursor cursor = new Cursor(args);
        MailPath path = path(cursor, false).orElseThrow(() -> argumentError("Null forward-path not allowed"));
        if (cursor.peek() != -1 && cursor.peek() != ' ') {
            throw argumentError("Syntax error after address");
        }
        if (cursor.skipSpaces()) {
            // RFC 5321 §4.1.1.11: an unadvertised parameter is answered with 555
            throw new SmtpProtocolException(SmtpReplies.C555_PARAMS_NOT_RECOGNIZED, SmtpReplies.E5_5_4,
                    "RCPT TO parameters not supported");
        }
        return new SmtpCommand.RcptTo(path);
    }

    private static String requirePrefix(String rest, String prefix, String usage) {
        if (rest.length() < prefix.length() || !rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw argumentError("Syntax: " + usage);
        }
        // Not RFC-conformant but sent by many clients ("MAIL FROM: <a@b>"); accepting it is unambiguous.
        return rest.substring(prefix.length()).stripLeading();
    }

    private static Optional<MailPath> path(Cursor c, boolean nullAllowed) {
        int begin = c.pos;
        if (!c.take('<')) {
            throw argumentError("Syntax error: path must be enclosed in <>");
        }
        if (c.take('>')) {
            if (!nullAllowed) {
                throw argumentError("Null forward-path not allowed");
            }
            return Optional.empty();
        }
        if (c.peek() == '@') {
            skipSourceRoute(c);
        }
        String localPart = c.peek() == '"' ? quotedString(c) : dotString(c);
        if (localPart.length() > MAX_LOCAL_PART) {
            throw argumentError("Local part too long");
        }
        String domain = null;
        if (c.take('@')) {
            domain = c.peek() == '[' ? addressLiteral(c) : domain(c);
        } else if (nullAllowed || !localPart.equalsIgnoreCase("postmaster")) {
            // RFC 5321 §4.1.1.3: only <Postmaster> may lack a domain
            throw argumentError("Syntax error: address must have a domain");
        }
        if (!c.take('>')) {
            throw argumentError("Syntax error in address");
        }
        if (c.pos - begin > MAX_PATH) {
            throw argumentError("Path too long");
        }
        return Optional.of(new MailPath(localPart, domain));
    }

    private static void skipSourceRoute(Cursor c) {
        // A-d-l = At-domain *( "," At-domain ) ":"  (RFC 5321 §4.1.2); parsed for syntax, then ignored
        do {
            if (!c.take('@')) {
                throw argumentError("Syntax error in source route");
            }
            if (c.peek() == '[') {
                addressLiteral(c);
            } else {
                domain(c);
            }
        } while (c.take(','));
        if (!c.take(':')) {
            throw argumentError("Syntax error in source route");
        }
    }

    private static String dotString(Cursor c) {
        int begin = c.pos;
        while (true) {
            int atomStart = c.pos;
            while (isAtext(c.peek())) {
                c.pos++;
            }
            if (c.pos == atomStart) {
                throw argumentError("Syntax error in local part");
            }
            if (!c.take('.')) {
                break;
            }
        }
        return c.text.substring(begin, c.pos);
    }

    private static String quotedString(Cursor c) {
        int begin = c.pos;
        c.pos++;
        while (true) {
            int ch = c.peek();
            if (ch == '"') {
                c.pos++;
                return c.text.substring(begin, c.pos);
            } else if (ch == '\\') {
                c.pos++;
                int escaped = c.peek();
                if (escaped < 32 || escaped > 126) {
                    throw argumentError("Syntax error in quoted local part");
                }
                c.pos++;
            } else if (ch >= 32 && ch <= 126) {
                c.pos++;
            } else {
                throw argumentError("Syntax error in quoted local part");
            }
        }
    }

    private static String domain(Cursor c) {
        int begin = c.pos;
        while (true) {
            // sub-domain = Let-dig [Ldh-str]; Ldh-str must end with Let-dig
            int labelStart = c.pos;
            while (isLetDig(c.peek()) || c.peek() == '-') {
                c.pos++;
            }
            if (c.pos == labelStart || c.text.charAt(labelStart) == '-' || c.text.charAt(c.pos - 1) == '-') {
                throw argumentError("Syntax error in domain");
            }
            if (!c.take('.')) {
                break;
            }
        }
        if (c.pos - begin > MAX_DOMAIN) {
            throw argumentError("Domain too long");
        }
        return c.text.substring(begin, c.pos);
    }

    private static String addressLiteral(Cursor c) {
        int begin = c.pos;
        c.pos++;
        while (c.peek() != ']') {
            int ch = c.peek();
            // dcontent = %d33-90 / %d94-126 (RFC 5321 §4.1.3)
            if (ch < 33 || ch > 126 || ch == '[' || ch == '\\') {
                throw argumentError("Syntax error in address literal");
            }
            c.pos++;
        }
        c.pos++;
        if (c.pos - begin == 2) {
            throw argumentError("Empty address literal");
        }
        return c.text.substring(begin, c.pos);
    }

    private static MailParams mailParams(Cursor c) {
        OptionalLong size = OptionalLong.empty();
        MailParams.Body body = MailParams.Body.SEVEN_BIT;
        Set<String> seen = new HashSet<>();
        if (c.peek() != -1 && c.peek() != ' ') {
            throw argumentError("Syntax error after address");
        }
        while (c.skipSpaces()) {
            int begin = c.pos;
            while (c.peek() > ' ' && c.peek() <= '~') {
                c.pos++;
            }
            String param = c.text.substring(begin, c.pos);
            if (c.pos < c.text.length() && c.peek() != ' ') {
                throw argumentError("Syntax error in parameters");
            }
            int eq = param.indexOf('=');
            String keyword = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (!seen.add(keyword)) {
                throw argumentError("Duplicate parameter " + keyword);
            }
            switch (keyword) {
                case "SIZE" -> size = OptionalLong.of(sizeValue(value));
                case "BODY" -> body = bodyValue(value);
                default -> throw new SmtpProtocolException(SmtpReplies.C555_PARAMS_NOT_RECOGNIZED,
                        SmtpReplies.E5_5_4, "Unsupported parameter");
            }
        }
        return new MailParams(size, body);
    }

    private static long sizeValue(String value) {
        // RFC 1870 §5: size-value = 1*20DIGIT
        if (value == null || value.isEmpty() || value.length() > 20
                || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw argumentError("Syntax error in SIZE parameter");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooBig) {
            return Long.MAX_VALUE;
        }
    }

    private static MailParams.Body bodyValue(String value) {
        if ("7BIT".equalsIgnoreCase(value)) {
            return MailParams.Body.SEVEN_BIT;
        }
        if ("8BITMIME".equalsIgnoreCase(value)) {
            return MailParams.Body.EIGHT_BIT_MIME;
        }
        throw argumentError("Syntax error in BODY parameter");
    }

    private static boolean isLetDig(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** atext of RFC 5322 §3.2.3. */
    private static boolean isAtext(int c) {
        return isLetDig(c) || c >= 0 && "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static SmtpProtocolException argumentError(String text) {
        return new SmtpProtocolException(SmtpReplies.C501_PARAM_SYNTAX, SmtpReplies.E5_5_4, text);
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        boolean take(char expected) {
            if (peek() == expected) {
                pos++;
                return true;
            }
            return false;
        }

        /** Skips spaces; true when something other than spaces follows. */
        boolean skipSpaces() {
            while (peek() == ' ') {
                pos++;
            }
            return pos < text.length();
        }
    }
}
