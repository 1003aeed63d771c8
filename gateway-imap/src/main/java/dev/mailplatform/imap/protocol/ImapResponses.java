package dev.mailplatform.imap.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Formatting of server responses (RFC 9051 §7). Pure string building, no I/O. */
public final class ImapResponses {
    public static final String CRLF = "\r\n";
    /** RFC 9051 §9 date-time: day is 2 digits or SP DIGIT, zone numeric. */
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private ImapResponses() {
    }

    public static String tagged(String tag, String status, String code, String text) {
        return tag + " " + status + (code == null ? "" : " [" + code + "]") + " " + text + CRLF;
    }

    public static String untagged(String text) {
        return "* " + text + CRLF;
    }

    public static String flagList(List<String> flags) {
        return "(" + String.join(" ", flags == null ? List.of() : flags) + ")";
    }

    public static String internalDate(Instant instant) {
        return quoted(INTERNAL_DATE.format(instant == null ? Instant.EPOCH : instant));
    }

    /** A quoted string; callers only pass ASCII without CR/LF (anything else needs a literal). */
    public static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static String literalHeader(long size) {
        return "{" + size + "}" + CRLF;
    }
}
