package dev.mailplatform.delivery.smtp;

import java.util.List;
import java.util.Map;

/**
 * What goes into MAIL FROM and RCPT TO.
 *
 * @param notifyOn RFC 3461 NOTIFY value per recipient (e.g. "FAILURE,DELAY"); absent when the sender gave none
 * @param orcpt   RFC 3461 ORCPT per recipient, as the sender gave it
 */
public record SmtpEnvelope(String mailFrom, List<String> recipients, long size, boolean eightBit, boolean smtpUtf8,
        String envelopeId, String ret, Map<String, String> notifyOn, Map<String, String> orcpt) {
    public SmtpEnvelope {
        mailFrom = mailFrom == null ? "" : mailFrom;
        recipients = List.copyOf(recipients);
        notifyOn = notifyOn == null ? Map.of() : Map.copyOf(notifyOn);
        orcpt = orcpt == null ? Map.of() : Map.copyOf(orcpt);
    }

    /** RFC 3461 §4: xtext encoding of ENVID and ORCPT values. */
    static String xtext(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < '!' || c > '~' || c == '+' || c == '=') {
                sb.append('+').append(String.format("%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
