package dev.mailplatform.imap.command;

import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * STARTTLS, not-authenticated state. RFC 9051 §6.2.1: the handshake starts right after the tagged OK; anything the
 * client pipelined after the command is discarded (RFC 9051 §11.1 / the 2011 STARTTLS injection attack).
 */
public final class StartTlsHandler implements CommandHandler<ImapCommand.StartTls> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.NOT_AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.StartTls command) {
        if (session.isTls()) {
            return Future.failedFuture(ProtocolException.bad("TLS is already active"));
        }
        if (session.listener().security() != ImapListener.Security.STARTTLS) {
            return Future.failedFuture(ProtocolException.bad("STARTTLS is not available on this port"));
        }
        session.afterReply(session::upgradeToTls);
        return Future.succeededFuture(Completion.ok("Begin TLS negotiation now"));
    }
}
