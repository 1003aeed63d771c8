package dev.mailplatform.delivery.smtp;

/** The peer broke the protocol (malformed or oversized reply): the connection is unusable, the attempt transient. */
public class SmtpProtocolException extends RuntimeException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}
