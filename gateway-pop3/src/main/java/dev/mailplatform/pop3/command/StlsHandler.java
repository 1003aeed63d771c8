/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/**
 * STLS. AUTHORIZATION state. RFC 2595 §4: +OK, then the TLS handshake; anything the client sent after STLS and before
 * the handshake is discarded. Afterwards the session starts over in AUTHORIZATION, forgetting a USER given in clear
 * (RFC 2595 §4: the client must discard what it learned, and so does the server). A failed handshake ends the
 * connection.
 */
final class StlsHandler implements Pop3CommandHandler<Pop3Command.Stls> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Stls command) {
        if (session.isSecure()) {
            return session.reply(Pop3Response.err("TLS already active"));
        }
        var auth = (Pop3State.Authorization) session.state();
        session.state(new Pop3State.Authorization(null, auth.failures()));
        return session.reply(Pop3Response.ok("begin TLS negotiation")).compose(v -> session.startTls());
    }
}
