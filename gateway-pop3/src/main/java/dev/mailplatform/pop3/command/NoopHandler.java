/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** NOOP. TRANSACTION state. RFC 1939 §5. */
final class NoopHandler implements Pop3CommandHandler<Pop3Command.Noop> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Noop command) {
        return session.reply(Pop3Response.ok(""));
    }
}
