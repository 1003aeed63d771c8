package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** SUBSCRIBE and UNSUBSCRIBE, authenticated state. RFC 9051 §6.3.7, §6.3.8. */
public final class SubscribeHandler implements CommandHandler<ImapCommand.Subscribe> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Subscribe command) {
        var account = ImapState.accountOf(session.state());
        String name = command.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE";
        return session.services().mailboxClient().subscribe(account.accountId(), command.mailbox(),
                command.subscribe()).map(v -> Completion.ok(name + " completed"));
    }
}
