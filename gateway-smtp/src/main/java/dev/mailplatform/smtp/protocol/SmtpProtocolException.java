/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

/** A client error with the exact reply to send; the session translates it in one place and keeps going. */
public class SmtpProtocolException extends RuntimeException {
    private final transient SmtpReply reply;

    public SmtpProtocolException(int code, String enhanced, String text) {
        super(code + " " + enhanced + " " + text, null, false, false);
        this.reply = SmtpReply.of(code, enhanced, text);
    }

    public SmtpReply reply() {
        return reply;
    }
}
