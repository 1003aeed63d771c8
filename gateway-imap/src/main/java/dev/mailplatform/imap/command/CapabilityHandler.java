package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** CAPABILITY, any state. RFC 9051 §6.1.1. */
public final class CapabilityHandler implements CommandHandler<ImapCommand.Capability> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Capability command) {
        session.write(ImapResponses.untagged("CAPABILITY " + session.capabilities()));
        return Future.succeededFuture(Completion.ok("CAPABILITY completed"));
    }
}
