package dev.mailplatform.imap.protocol;

import dev.mailplatform.imap.error.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Mailbox names between the wire and the mailbox service, which stores UTF-8 with {@code /} as hierarchy delimiter.
 * IMAP4rev1 clients use modified UTF-7 (RFC 3501 §5.1.3); after ENABLE UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2
 * names travel as UTF-8.
 */
public final class MailboxNames {
    public static final char DELIMITER = '/';
    private static final Base64.Encoder B64_ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private MailboxNames() {
    }

    /** The stored name for what the client sent. INBOX is case-insensitive, also as the first level (RFC 9051 §5.1). */
    public static String fromClient(String wire, boolean utf8) {
        String name = utf8 ? wire : decodeModifiedUtf7(wire);
        return normalizeInbox(name);
    }

    public static String toClient(String stored, boolean utf8) {
        return utf8 ? stored : encodeModifiedUtf7(stored);
    }

    public static String normalizeInbox(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.length() > 6 && name.substring(0, 6).equalsIgnoreCase("INBOX" + DELIMITER)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    /** RFC 3501 §5.1.3: printable ASCII except {@code &} as itself, {@code &} as "&-", the rest as "&" base64 of
     * UTF-16BE with "," for "/" and "-" to end. */
    public static String encodeModifiedUtf7(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                i++;
            }
            byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(B64_ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }

    /** Inverse of {@link #encodeModifiedUtf7}; refuses malformed shifts with BAD rather than guessing. */
    public static String decodeModifiedUtf7(String wire) {
        if (wire.indexOf('&') < 0) {
            for (int i = 0; i < wire.length(); i++) {
                if (wire.charAt(i) > 0x7e) {
                    // RFC 6855 §3: 8-bit names only after ENABLE UTF8=ACCEPT
                    throw ProtocolException.bad("Mailbox name must be modified UTF-7 (or ENABLE UTF8=ACCEPT)");
                }
            }
            return wire;
        }
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c > 0x7e) {
                throw ProtocolException.bad("Mailbox name must be modified UTF-7 (or ENABLE UTF8=ACCEPT)");
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i + 1);
            if (end < 0) {
                throw ProtocolException.bad("Invalid modified UTF-7 mailbox name");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                String b64 = wire.substring(i + 1, end).replace(',', '/');
                byte[] bytes;
                try {
                    bytes = B64_DECODER.decode(b64);
                } catch (IllegalArgumentException e) {
                    throw ProtocolException.bad("Invalid modified UTF-7 mailbox name");
                }
                if (bytes.length == 0 || bytes.length % 2 != 0) {
                    throw ProtocolException.bad("Invalid modified UTF-7 mailbox name");
                }
                out.append(StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(bytes)));
            }
            i = end + 1;
        }
        return out.toString();
    }

    /**
     * RFC 9051 §6.3.9 LIST pattern matching on stored names: {@code *} matches anything, {@code %} anything but the
     * delimiter. INBOX matches case-insensitively.
     */
    public static boolean matches(String pattern, String name) {
        return match(normalizePattern(pattern), 0, name, 0);
    }

    private static String normalizePattern(String pattern) {
        if (pattern.length() >= 5 && pattern.substring(0, 5).equalsIgnoreCase("INBOX")
                && (pattern.length() == 5 || pattern.charAt(5) == DELIMITER)) {
            return "INBOX" + pattern.substring(5);
        }
        return pattern;
    }

    /** Dynamic programming over (pattern, name) positions: linear in their product, so hostile patterns full of
     * wildcards cannot cause exponential backtracking. */
    private static boolean match(String p, int pi0, String s, int si0) {
        int n = s.length();
        boolean[] reach = new boolean[n + 1];
        reach[0] = true;
        for (int pi = pi0; pi < p.length(); pi++) {
            char c = p.charAt(pi);
            boolean[] next = new boolean[n + 1];
            if (c == '*' || c == '%') {
                for (int si = 0; si <= n; si++) {
                    if (reach[si]) {
                        next[si] = true;
                        for (int k = si; k < n && (c == '*' || s.charAt(k) != DELIMITER); k++) {
                            if (next[k + 1]) {
                                break;
                            }
                            next[k + 1] = true;
                        }
                    }
                }
            } else {
                for (int si = 0; si < n; si++) {
                    next[si + 1] = reach[si] && s.charAt(si) == c;
                }
            }
            reach = next;
        }
        return reach[n];
    }

    public static boolean isInbox(String stored) {
        return stored.toUpperCase(Locale.ROOT).equals("INBOX");
    }
}
