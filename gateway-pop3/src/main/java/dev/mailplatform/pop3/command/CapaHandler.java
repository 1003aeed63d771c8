/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Set;

/**
 * CAPA. AUTHORIZATION and TRANSACTION states. RFC 2449 §5 and §6; SASL from RFC 5034 §3, STLS from RFC 2595 §4,
 * AUTH-RESP-CODE from RFC 3206 §6. Login capabilities (USER, SASL, STLS) are listed only in AUTHORIZATION, and USER
 * and SASL only where a password may be sent (RFC 2449 §6.3, RFC 2595 §2), so a client is never invited to leak it.
 */
final class CapaHandler implements Pop3CommandHandler<Pop3Command.Capa> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return ANY;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Capa command) {
        var config = session.services().config();
        boolean authorization = session.state() instanceof Pop3State.Authorization;
        var lines = new ArrayList<String>();
        lines.add("TOP");
        lines.add("UIDL");
        if (authorization && PlaintextPolicy.allowed(session)) {
            lines.add("USER");
            lines.add("SASL " + String.join(" ", AuthHandler.MECHANISMS));
        }
        if (authorization && !session.isSecure()) {
            lines.add("STLS");
        }
        lines.add("RESP-CODES");
        lines.add("AUTH-RESP-CODE");
        lines.add("PIPELINING");
        lines.add("EXPIRE " + config.expire());
        lines.add("LOGIN-DELAY " + config.loginDelay().toSeconds());
        lines.add("IMPLEMENTATION " + config.implementation());
        return session.replyMultiline(Pop3Response.ok("capability list follows"), lines);
    }
}
