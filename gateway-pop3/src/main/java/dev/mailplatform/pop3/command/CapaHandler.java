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
 * CAPA. AUTHORIZATION and TRANSACTION states. RFC 2449 §5 and §6; AUTH-RESP-CODE from RFC 3206 §6. USER is only
 * listed where cleartext login is allowed (RFC 2449 §6.3).
 */
final class CapaHandler implements Pop3CommandHandler<Pop3Command.Capa> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return ANY;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Capa command) {
        var lines = new ArrayList<String>();
        lines.add("TOP");
        lines.add("UIDL");
        if (PlaintextPolicy.allowed(session)) {
            lines.add("USER");
        }
        lines.add("RESP-CODES");
        lines.add("AUTH-RESP-CODE");
        lines.add("PIPELINING");
        lines.add("IMPLEMENTATION " + session.services().config().implementation());
        return session.replyMultiline(Pop3Response.ok("capability list follows"), lines);
    }
}
