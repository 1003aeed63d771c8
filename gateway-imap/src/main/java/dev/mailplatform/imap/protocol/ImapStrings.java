package dev.mailplatform.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Strings in server responses (RFC 9051 §4.3): quoted when possible, literal otherwise, NIL for null. */
public final class ImapStrings {
    private static final int MAX_QUOTED = 1000;

    private ImapStrings() {
    }

    public static String nstring(String s, boolean utf8) {
        return s == null ? "NIL" : string(s, utf8);
    }

    /**
     * A string as quoted when it has no CR, LF or NUL and (unless the client accepts UTF-8, RFC 6855 §3) only ASCII;
     * otherwise as a literal. Non-ASCII text for a client without UTF-8 is sent as an RFC 2047 encoded word, the way
     * it appeared in the original header.
     */
    public static String string(String s, boolean utf8) {
        String text = !utf8 && !isAscii(s) ? encodedWord(s) : s;
        if (text.length() <= MAX_QUOTED && quotable(text)) {
            return ImapResponses.quoted(text);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return "{" + bytes.length + "}" + ImapResponses.CRLF + text;
    }

    /** An astring (mailbox names): a bare atom is not used, quoting is always valid. */
    public static String astring(String s) {
        return string(s, true);
    }

    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean quotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2047 §4.1 B encoding; the mailbox service hands decoded UTF-8 to us. */
    public static String encodedWord(String s) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
