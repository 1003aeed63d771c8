/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;

/**
 * Whether a password may be sent on this connection (USER/PASS, AUTH PLAIN/LOGIN): always under TLS, before TLS only
 * as mail.pop3.plaintext-auth allows (RFC 2595 §2, RFC 8314 §3).
 */
final class PlaintextPolicy {
    static final Pop3Response REFUSAL = Pop3Response.err(Pop3Response.CODE_AUTH,
            "cleartext login not allowed on this connection, use STLS first");

    private PlaintextPolicy() {
    }

    static boolean allowed(Pop3Session session) {
        if (session.isSecure()) {
            return true;
        }
        return switch (session.services().config().plaintextAuth()) {
            case ALWAYS -> true;
            case LOOPBACK -> session.isLoopback();
            case NEVER -> false;
        };
    }
}
