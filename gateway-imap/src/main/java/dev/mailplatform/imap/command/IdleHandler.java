package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * IDLE, authenticated or selected state (RFC 2177; RFC 9051 §6.3.13). Changes of the selected mailbox announced on
 * Kafka by any node are pushed while idling; "DONE" ends it.
 */
public final class IdleHandler implements CommandHandler<ImapCommand.Idle> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Idle command) {
        Future<String> done = session.awaitLine("idling");
        session.startIdle();
        return done.transform(ar -> session.stopIdle().compose(v -> {
            if (ar.failed()) {
                return Future.failedFuture(ar.cause());
            }
            if (!ar.result().equalsIgnoreCase("DONE")) {
                return Future.failedFuture(ProtocolException.bad("Expected DONE"));
            }
            return Future.succeededFuture(Completion.ok("IDLE terminated"));
        }));
    }
}
