/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

/**
 * A client error carrying the exact {@code -ERR} reply; the session translates it in one place, logs one line and
 * keeps the connection unless {@link #disconnect()} says otherwise.
 */
public class Pop3ProtocolException extends RuntimeException {
    private final transient Pop3Response reply;
    private final boolean disconnect;

    public Pop3ProtocolException(Pop3Response reply, boolean disconnect) {
        super(reply.toString(), null, false, false);
        if (reply.ok()) {
            throw new IllegalArgumentException("a protocol error needs an -ERR reply");
        }
        this.reply = reply;
        this.disconnect = disconnect;
    }

    public Pop3ProtocolException(String text) {
        this(Pop3Response.err(text), false);
    }

    public Pop3Response reply() {
        return reply;
    }

    public boolean disconnect() {
        return disconnect;
    }
}
