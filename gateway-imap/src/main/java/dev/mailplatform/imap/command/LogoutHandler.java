package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** LOGOUT, any state: untagged BYE, tagged OK, then the session closes. RFC 9051 §6.1.3. */
public final class LogoutHandler implements CommandHandler<ImapCommand.Logout> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Logout command) {
        session.write(ImapResponses.untagged("BYE IMAP4rev1 server logging out"));
        session.setState(new ImapState.LoggedOut());
        return Future.succeededFuture(Completion.ok("LOGOUT completed"));
    }
}
