package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * NOOP, any state. RFC 9051 §6.1.2: in the selected state it is the poll for changes, so it reports expunged
 * messages (EXPUNGE, RFC 9051 §7.5.1), flag changes and new messages (EXISTS).
 */
public final class NoopHandler implements CommandHandler<ImapCommand.Noop> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Noop command) {
        return session.synchronize(true).map(v -> Completion.ok("NOOP completed"));
    }
}
