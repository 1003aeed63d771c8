/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What SPF, DKIM and DMARC said about one inbound message, and its Authentication-Results header (RFC 8601).
 *
 * @param spf      RFC 7208 §2.6 result: pass, fail, softfail, neutral, none, temperror, permerror
 * @param spfScope the domain SPF checked (MAIL FROM's, or HELO's for the null sender)
 * @param dkim     one entry per DKIM-Signature; empty when the message has none
 * @param dmarc    RFC 7489 result: pass, fail, none, temperror, permerror
 * @param policy   the published policy that applies (none, quarantine, reject), or null without a record
 * @param fromDomain the RFC 5322.From domain, or null when it could not be found
 */
public record AuthenticationResults(String spf, String spfScope, List<Dkim> dkim, String dmarc, String policy,
        String fromDomain) {

    /** @param result pass, fail, neutral, policy, temperror, permerror */
    public record Dkim(String result, String domain, String selector) {
    }

    /** RFC 7489 §6.7: a failing message whose domain asks for rejection. */
    public boolean dmarcRejects() {
        return "fail".equals(dmarc) && "reject".equals(policy);
    }

    public String summary() {
        return "spf=" + spf + " dkim=" + (dkim.isEmpty() ? "none" : dkim.get(0).result()) + " dmarc=" + dmarc
                + (policy == null ? "" : " p=" + policy) + (fromDomain == null ? "" : " from=" + fromDomain);
    }

    /** The header field with CRLF; values from the message are reduced to domain characters (no injection). */
    public byte[] header(String authservId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("Authentication-Results: ").append(authservId).append(";\r\n\tspf=").append(spf);
        if (spfScope != null) {
            sb.append(" smtp.mailfrom=").append(clean(spfScope));
        }
        if (dkim.isEmpty()) {
            sb.append(";\r\n\tdkim=none");
        }
        for (Dkim d : dkim) {
            sb.append(";\r\n\tdkim=").append(d.result());
            if (d.domain() != null) {
                sb.append(" header.d=").append(clean(d.domain()));
            }
            if (d.selector() != null) {
                sb.append(" header.s=").append(clean(d.selector()));
            }
        }
        sb.append(";\r\n\tdmarc=").append(dmarc);
        if (policy != null) {
            sb.append(" (p=").append(policy).append(')');
        }
        if (fromDomain != null) {
            sb.append(" header.from=").append(clean(fromDomain));
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String clean(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length() && out.length() < 255; i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '@' || c == '+') {
                out.append(c);
            }
        }
        return out.isEmpty() ? "unknown" : out.toString();
    }
}
