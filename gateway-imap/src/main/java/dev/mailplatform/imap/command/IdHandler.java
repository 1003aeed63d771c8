package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;
import org.jboss.logging.Logger;

/** ID, any state (RFC 2971 §3.1). The client's identification is logged at debug level only. */
public final class IdHandler implements CommandHandler<ImapCommand.Id> {
    private static final Logger LOG = Logger.getLogger(IdHandler.class);

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Id command) {
        LOG.debugf("imap session=%s client id %s", session.id(), command.parameters());
        session.write(ImapResponses.untagged("ID (\"name\" \"mail-platform\" \"vendor\" \"mailplatform.dev\")"));
        return Future.succeededFuture(Completion.ok("ID completed"));
    }
}
