/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The trace header this hop prepends to every message (RFC 5321 §4.4, RFC 5322 §3.6.7). */
public final class ReceivedHeader {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private ReceivedHeader() {
    }

    /**
     * @param heloName      what the client said in HELO/EHLO (already restricted to printable ASCII by the parser)
     * @param remoteAddress the client's IP address, the only part of the from-clause we can vouch for
     * @param protocol      the "with" keyword: SMTP, ESMTP, ESMTPS, ESMTPSA... (RFC 3848, RFC 6531 §4.3)
     * @param recipient     named in the "for" clause only when the message has exactly one recipient, so one
     *                      recipient's copy does not reveal the others (RFC 5321 §7.2)
     */
    public static byte[] build(String heloName, String remoteAddress, String byHost, String protocol, String id,
            String recipient, ZonedDateTime when) {
        StringBuilder sb = new StringBuilder(200);
        sb.append("Received: from ").append(heloName).append(" ([").append(remoteAddress).append("])\r\n")
                .append("\tby ").append(byHost).append(" with ").append(protocol)
                .append(" id ").append(id);
        if (recipient != null) {
            sb.append("\r\n\tfor <").append(recipient).append('>');
        }
        sb.append(";\r\n\t").append(DATE.format(when)).append("\r\n");
        // UTF-8: with SMTPUTF8 the "for" address may be non-ASCII (RFC 6532 allows UTF-8 header values)
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
