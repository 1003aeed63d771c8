/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** STAT. TRANSACTION state. RFC 1939 §5: "+OK nn mm", deleted messages not counted. */
final class StatHandler implements Pop3CommandHandler<Pop3Command.Stat> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Stat command) {
        var maildrop = ((Pop3State.Transaction) session.state()).maildrop();
        return session.reply(Pop3Response.ok(maildrop.visibleCount() + " " + maildrop.visibleOctets()));
    }
}
