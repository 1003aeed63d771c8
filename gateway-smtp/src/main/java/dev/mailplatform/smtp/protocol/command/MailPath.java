/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol.command;

import java.util.Locale;

/**
 * A validated mailbox of a reverse- or forward-path (RFC 5321 §4.1.2, extended by RFC 6531 §3.3 with UTF-8). The
 * source route, if any, has been dropped (RFC 5321 §4.1.1.3 and appendix C: it MUST be accepted and SHOULD be
 * ignored). {@code domain} is null only for the special {@code <Postmaster>} recipient.
 */
public record MailPath(String localPart, String domain) {

    public String address() {
        return domain == null ? localPart : localPart + "@" + domain;
    }

    /** Domains are case-insensitive (RFC 5321 §2.4); the local part is left as given. */
    public String normalizedDomain() {
        return domain == null ? null : domain.toLowerCase(Locale.ROOT);
    }

    /** False when the address needs SMTPUTF8 (RFC 6531 §3.3). */
    public boolean isAscii() {
        String address = address();
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
