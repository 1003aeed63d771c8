package dev.mailplatform.delivery.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes a peer sends into complete {@link SmtpReply replies}. Incremental: fed arbitrary chunks, it keeps
 * the partial line and the lines of an unfinished multi-line reply, and never re-reads what it has consumed. Pure:
 * no I/O.
 *
 * <p>RFC 5321 §4.2: every line is {@code code ("-" / SP) text CRLF}; the last line of a reply has a space (or
 * nothing) after the code. A bare LF ends a line too, because some peers send it and the reply is still
 * unambiguous.
 */
public final class SmtpReplyParser {
    private final int maxLineLength;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> pendingLines = new ArrayList<>();
    private int pendingCode = -1;

    public SmtpReplyParser(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** Consumes the chunk and returns the replies it completed (often none). */
    public List<SmtpReply> feed(byte[] chunk, int offset, int length) {
        List<SmtpReply> done = new ArrayList<>(1);
        for (int i = offset; i < offset + length; i++) {
            byte b = chunk[i];
            if (b == '\n') {
                SmtpReply reply = endOfLine();
                if (reply != null) {
                    done.add(reply);
                }
            } else if (b != '\r') {
                if (line.size() >= maxLineLength) {
                    throw new SmtpProtocolException("reply line longer than " + maxLineLength + " bytes");
                }
                line.write(b);
            }
        }
        return done;
    }

    public List<SmtpReply> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /** Whether bytes of an unfinished reply are buffered. */
    public boolean midReply() {
        return line.size() > 0 || pendingCode >= 0;
    }

    private SmtpReply endOfLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.length() < 3 || !isDigits(text.substring(0, 3))
                || (text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-')) {
            throw new SmtpProtocolException("malformed reply line: " + abbreviate(text));
        }
        int code = Integer.parseInt(text.substring(0, 3));
        if (code < 200 || code > 599) {
            throw new SmtpProtocolException("reply code out of range: " + abbreviate(text));
        }
        if (pendingCode >= 0 && pendingCode != code) {
            throw new SmtpProtocolException("reply code changed inside a multi-line reply: " + abbreviate(text));
        }
        boolean more = text.length() > 3 && text.charAt(3) == '-';
        pendingCode = code;
        pendingLines.add(text.length() > 4 ? text.substring(4) : "");
        if (more) {
            return null;
        }
        SmtpReply reply = SmtpReply.of(code, pendingLines);
        pendingLines.clear();
        pendingCode = -1;
        return reply;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
