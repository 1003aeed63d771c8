/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol.command;

import java.util.Optional;
import java.util.Set;

/**
 * RFC 3461 parameters of RCPT TO.
 *
 * @param notifyOn NOTIFY values (§4.1): empty when not given, {NEVER}, or a subset of SUCCESS, FAILURE, DELAY
 * @param orcpt  ORCPT (§4.2) as given on the wire, e.g. "rfc822;user@example.org"
 */
public record RcptParams(Set<String> notifyOn, Optional<String> orcpt) {
    public static final RcptParams NONE = new RcptParams(Set.of(), Optional.empty());

    public RcptParams {
        notifyOn = Set.copyOf(notifyOn);
    }
}
