package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** Commands not implemented: BAD in any state (RFC 9051 §7.1.3). */
public final class UnknownCommandHandler implements CommandHandler<ImapCommand.Unknown> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Unknown command) {
        return Future.failedFuture(ProtocolException.bad("Unknown command"));
    }
}
