package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** NAMESPACE, authenticated state (RFC 2342; RFC 9051 §6.3.10): one personal namespace, no shared ones. */
public final class NamespaceHandler implements CommandHandler<ImapCommand.Namespace> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Namespace command) {
        session.write(ImapResponses.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL"));
        return Future.succeededFuture(Completion.ok("NAMESPACE completed"));
    }
}
