/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol.command;

import java.util.OptionalLong;

/**
 * ESMTP parameters of MAIL FROM that the gateway advertises: SIZE (RFC 1870) and BODY (RFC 6152).
 *
 * @param declaredSize the client's size estimate, if given
 * @param body         7BIT unless BODY=8BITMIME was given
 */
public record MailParams(OptionalLong declaredSize, Body body) {
    public static final MailParams NONE = new MailParams(OptionalLong.empty(), Body.SEVEN_BIT);

    public enum Body { SEVEN_BIT, EIGHT_BIT_MIME }
}
