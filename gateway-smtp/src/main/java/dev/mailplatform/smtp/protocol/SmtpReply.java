/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply: a three-digit code, an enhanced status code (RFC 2034/3463, sent on every reply because we
 * advertise ENHANCEDSTATUSCODES) and one or more text lines.
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {
    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, enhanced, List.of(text));
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    /**
     * Wire form. RFC 5321 §4.2.1: every line but the last uses "code-", the last "code SP". {@code enhanced} is null
     * for the greeting and the HELO/EHLO replies, which RFC 2034 §4 exempts from enhanced codes.
     */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                sb.append(enhanced).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.US_ASCII).trim();
    }
}
