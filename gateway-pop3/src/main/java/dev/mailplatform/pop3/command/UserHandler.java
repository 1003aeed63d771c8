/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** USER name. AUTHORIZATION state. RFC 1939 §7; RFC 2595 §2 (no cleartext login without TLS when disabled). */
final class UserHandler implements Pop3CommandHandler<Pop3Command.User> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.User command) {
        if (!PlaintextPolicy.allowed(session)) {
            return session.reply(PlaintextPolicy.REFUSAL);
        }
        var current = (Pop3State.Authorization) session.state();
        // RFC 1939 §7: a second USER simply replaces the first
        session.state(new Pop3State.Authorization(command.mailbox(), current.failures()));
        return session.reply(Pop3Response.ok("send PASS"));
    }
}
