/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol.command;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * ESMTP parameters of MAIL FROM that the gateway advertises.
 *
 * @param declaredSize the client's size estimate (RFC 1870), if given
 * @param body         RFC 6152 / RFC 3030 BODY; 7BIT unless given
 * @param smtpUtf8     RFC 6531 §3.4: the transaction may carry UTF-8 addresses and headers
 * @param dsnReturn    RFC 3461 §4.3 RET: FULL or HDRS
 * @param envelopeId   RFC 3461 §4.4 ENVID, xtext-decoded
 */
public record MailParams(OptionalLong declaredSize, Body body, boolean smtpUtf8, Optional<String> dsnReturn,
        Optional<String> envelopeId) {
    public static final MailParams NONE = new MailParams(OptionalLong.empty(), Body.SEVEN_BIT);

    public MailParams(OptionalLong declaredSize, Body body) {
        this(declaredSize, body, false, Optional.empty(), Optional.empty());
    }

    public enum Body {
        SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME"), BINARY_MIME("BINARYMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
