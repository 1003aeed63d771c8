package dev.mailplatform.delivery.smtp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One complete SMTP reply (RFC 5321 §4.2), possibly multi-line.
 *
 * @param code     the three-digit reply code
 * @param enhanced the RFC 3463 enhanced status code at the start of the text ("5.1.1"), or null
 * @param lines    the text of every line, without code and separator
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public static SmtpReply of(int code, List<String> lines) {
        String enhanced = null;
        if (!lines.isEmpty()) {
            Matcher m = ENHANCED.matcher(lines.get(0));
            // RFC 3463 §2: the class digit of the enhanced code matches the reply's
            if (m.find() && m.group(1).charAt(0) - '0' == code / 100) {
                enhanced = m.group(1) + "." + m.group(2) + "." + m.group(3);
            }
        }
        return new SmtpReply(code, enhanced, lines);
    }

    public boolean positive() {
        return code / 100 == 2 || code / 100 == 3;
    }

    public boolean transientFailure() {
        return code / 100 == 4;
    }

    public boolean permanentFailure() {
        return code / 100 == 5;
    }

    /** The enhanced status to report, derived from the reply class when the peer gave none. */
    public String status() {
        if (enhanced != null) {
            return enhanced;
        }
        return switch (code / 100) {
            case 2 -> "2.0.0";
            case 4 -> "4.0.0";
            default -> "5.0.0";
        };
    }

    /** The reply as one line, for logs and for the Diagnostic-Code of a DSN ("smtp; 550 5.1.1 no such user"). */
    public String text() {
        return code + " " + String.join(" ", lines);
    }
}
