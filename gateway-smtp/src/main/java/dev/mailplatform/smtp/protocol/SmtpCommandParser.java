/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.protocol.command.RcptParams;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
        String text = decode(line);
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
            case "BDAT" -> bdat(rest);
            case "STARTTLS" -> noArgument(rest, new SmtpCommand.StartTls());
            case "AUTH" -> auth(rest);
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

    /**
     * ASCII stays ASCII; 8-bit octets must form valid UTF-8 (RFC 6531 §3.3 extends the address grammar with
     * UTF8-non-ascii and nothing else), so over-long forms and stray continuation bytes never reach the grammar.
     */
    private static String decode(byte[] line) {
        boolean ascii = true;
        for (byte b : line) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(line, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new SmtpProtocolException(SmtpReplies.C500_SYNTAX_ERROR, SmtpReplies.E5_5_2,
                    "Syntax error: invalid UTF-8 in command");
        }
    }

    private static SmtpCommand bdat(String rest) {
        // RFC 3030 §2: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CR LF; chunk-size = 1*DIGIT
        String[] parts = rest.split(" ", -1);
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 19
                || !parts[0].chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw argumentError("Syntax: BDAT <size> [LAST]");
        }
        boolean last = false;
        if (parts.length == 2) {
            if (!parts[1].equalsIgnoreCase("LAST")) {
                throw argumentError("Syntax: BDAT <size> [LAST]");
            }
            last = true;
        }
        return new SmtpCommand.Bdat(Long.parseLong(parts[0]), last);
    }

    private static SmtpCommand auth(String rest) {
        // RFC 4954 §4: "AUTH" SP sasl-mech [SP initial-response]; sasl-mech = 1*20 (ALPHA / DIGIT / "-" / "_")
        String[] parts = rest.split(" ", -1);
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20
                || !parts[0].chars().allMatch(ch -> isLetDig(ch) || ch == '-' || ch == '_')) {
            throw argumentError("Syntax: AUTH <mechanism> [initial-response]");
        }
        Optional<String> initial = Optional.empty();
        if (parts.length == 2) {
            if (parts[1].isEmpty()) {
                throw argumentError("Syntax: AUTH <mechanism> [initial-response]");
            }
            initial = Optional.of(parts[1]);
        }
        return new SmtpCommand.Auth(parts[0].toUpperCase(Locale.ROOT), initial);
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
        if (reversePath.isPresent() && !reversePath.get().isAscii() && !params.smtpUtf8()) {
            // RFC 6531 §3.6.1
            throw new SmtpProtocolException(SmtpReplies.C553_MAILBOX_NAME_NOT_ALLOWED, SmtpReplies.E5_6_7,
                    "Non-ASCII address requires SMTPUTF8");
        }
        return new SmtpCommand.MailFrom(reversePath, params);
    }

    private static SmtpCommand rcptTo(String rest) {
        String args = requirePrefix(rest, "TO:", "RCPT TO:<address>");
        Cursor cursor = new Cursor(args);
        MailPath path = path(cursor, false).orElseThrow(() -> argumentError("Null forward-path not allowed"));
        return new SmtpCommand.RcptTo(path, rcptParams(cursor));
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
            } else if (ch >= 32 && ch <= 126 || ch > 0x7f) {
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
            while (isLabelChar(c.peek()) || c.peek() == '-') {
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
        boolean smtpUtf8 = false;
        Optional<String> ret = Optional.empty();
        Optional<String> envelopeId = Optional.empty();
        for (Map.Entry<String, String> param : params(c).entrySet()) {
            String value = param.getValue();
            switch (param.getKey()) {
                case "SIZE" -> size = OptionalLong.of(sizeValue(value));
                case "BODY" -> body = bodyValue(value);
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw argumentError("SMTPUTF8 takes no value");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    // RFC 3461 §4.3
                    if (!"FULL".equalsIgnoreCase(value) && !"HDRS".equalsIgnoreCase(value)) {
                        throw argumentError("Syntax: RET=FULL or RET=HDRS");
                    }
                    ret = Optional.of(value.toUpperCase(Locale.ROOT));
                }
                case "ENVID" -> {
                    // RFC 3461 §4.4: at most 100 characters of xtext
                    if (value == null || value.isEmpty() || value.length() > 100) {
                        throw argumentError("Syntax error in ENVID parameter");
                    }
                    envelopeId = Optional.of(Xtext.decode(value)
                            .orElseThrow(() -> argumentError("Syntax error in ENVID parameter")));
                }
                case "AUTH" -> {
                    // RFC 4954 §5: MAIL FROM AUTH=<mailbox> is for trusted relays; accepted and not trusted
                    if (value == null || Xtext.decode(value).isEmpty() && !"<>".equals(value)) {
                        throw argumentError("Syntax error in AUTH parameter");
                    }
                }
                default -> throw new SmtpProtocolException(SmtpReplies.C555_PARAMS_NOT_RECOGNIZED,
                        SmtpReplies.E5_5_4, "Unsupported parameter");
            }
        }
        return new MailParams(size, body, smtpUtf8, ret, envelopeId);
    }

    private static RcptParams rcptParams(Cursor c) {
        Set<String> notify = Set.of();
        Optional<String> orcpt = Optional.empty();
        for (Map.Entry<String, String> param : params(c).entrySet()) {
            String value = param.getValue();
            switch (param.getKey()) {
                case "NOTIFY" -> notify = notifyValue(value);
                case "ORCPT" -> {
                    // RFC 3461 §4.2: addr-type ";" xtext, at most 500 characters
                    int semicolon = value == null ? -1 : value.indexOf(';');
                    if (semicolon <= 0 || value.length() > 500
                            || !value.substring(0, semicolon).chars().allMatch(ch -> isLetDig(ch) || ch == '-')
                            || Xtext.decode(value.substring(semicolon + 1)).isEmpty()) {
                        throw argumentError("Syntax error in ORCPT parameter");
                    }
                    orcpt = Optional.of(value);
                }
                default -> throw new SmtpProtocolException(SmtpReplies.C555_PARAMS_NOT_RECOGNIZED,
                        SmtpReplies.E5_5_4, "Unsupported parameter");
            }
        }
        return new RcptParams(notify, orcpt);
    }

    private static Set<String> notifyValue(String value) {
        // RFC 3461 §4.1: "NEVER" alone, or a comma list of SUCCESS, FAILURE, DELAY
        if (value == null || value.isEmpty()) {
            throw argumentError("Syntax error in NOTIFY parameter");
        }
        Set<String> values = new HashSet<>();
        for (String item : value.split(",", -1)) {
            String upper = item.toUpperCase(Locale.ROOT);
            if (!Set.of("NEVER", "SUCCESS", "FAILURE", "DELAY").contains(upper) || !values.add(upper)) {
                throw argumentError("Syntax error in NOTIFY parameter");
            }
        }
        if (values.contains("NEVER") && values.size() > 1) {
            throw argumentError("NOTIFY=NEVER cannot be combined");
        }
        return values;
    }

    /** esmtp-param *(SP esmtp-param) after the path (RFC 5321 §4.1.2); keywords upper-cased, duplicates refused. */
    private static Map<String, String> params(Cursor c) {
        Map<String, String> params = new LinkedHashMap<>();
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
            if (params.containsKey(keyword)) {
                throw argumentError("Duplicate parameter " + keyword);
            }
            params.put(keyword, value);
        }
        return params;
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
        if ("BINARYMIME".equalsIgnoreCase(value)) {
            // RFC 3030 §3
            return MailParams.Body.BINARY_MIME;
        }
        throw argumentError("Syntax error in BODY parameter");
    }

    private static boolean isLetDig(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** atext of RFC 5322 §3.2.3, plus UTF8-non-ascii (RFC 6531 §3.3). */
    private static boolean isAtext(int c) {
        return isLetDig(c) || c > 0x7f || c >= 0 && "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /** Let-dig, or a U-label character (RFC 6531 §3.3 sub-domain =/ U-label). */
    private static boolean isLabelChar(int c) {
        return isLetDig(c) || c > 0x7f;
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
