/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.session.Pop3Session;

/** Whether USER/PASS may be used on this connection: always under TLS, in cleartext only if configured. */
final class PlaintextPolicy {
    private PlaintextPolicy() {
    }

    static boolean allowed(Pop3Session session) {
        return session.isSecure() || session.services().config().allowPlaintextAuth();
    }
}
