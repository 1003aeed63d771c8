package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * CHECK, selected state (RFC 3501 §6.4.1; removed in RFC 9051, which says to treat it like NOOP). Every change is
 * already durable in the mailbox service, so this only reports updates.
 */
public final class CheckHandler implements CommandHandler<ImapCommand.Check> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Check command) {
        return session.synchronize(true).map(v -> Completion.ok("CHECK completed"));
    }
}
