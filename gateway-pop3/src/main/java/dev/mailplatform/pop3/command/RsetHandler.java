/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** RSET. TRANSACTION state. RFC 1939 §5: every deletion mark of this session is removed. */
final class RsetHandler implements Pop3CommandHandler<Pop3Command.Rset> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Rset command) {
        var maildrop = ((Pop3State.Transaction) session.state()).maildrop();
        maildrop.unmarkAll();
        return session.reply(Pop3Response.ok("maildrop has " + maildrop.visibleCount() + " messages ("
                + maildrop.visibleOctets() + " octets)"));
    }
}
