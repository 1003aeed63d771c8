package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * CLOSE and UNSELECT, selected state. RFC 9051 §6.4.1: CLOSE silently expunges \Deleted messages of a read-write
 * mailbox (no EXPUNGE responses); RFC 3691 / RFC 9051 §6.4.2: UNSELECT does not.
 */
public final class CloseHandler implements CommandHandler<ImapCommand.Close> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Close command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        session.setState(new ImapState.Authenticated(selected.account()));
        String name = command.expunge() ? "CLOSE" : "UNSELECT";
        if (!command.expunge() || selected.mailbox().readOnly()) {
            return Future.succeededFuture(Completion.ok(name + " completed"));
        }
        return session.services().mailboxClient()
                .expunge(selected.account().accountId(), selected.mailbox().name(), null)
                .map(result -> Completion.ok(name + " completed"));
    }
}
