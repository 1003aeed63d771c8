/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** DELE msg. TRANSACTION state. RFC 1939 §5: only marks; the message is removed by QUIT in the UPDATE state. */
final class DeleHandler implements Pop3CommandHandler<Pop3Command.Dele> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Dele command) {
        var maildrop = ((Pop3State.Transaction) session.state()).maildrop();
        maildrop.markDeleted(command.message());
        return session.reply(Pop3Response.ok("message " + command.message() + " deleted"));
    }
}
