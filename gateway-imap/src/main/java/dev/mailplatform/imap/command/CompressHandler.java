package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** COMPRESS DEFLATE, authenticated or selected state. RFC 4978 §3: compression starts right after the tagged OK. */
public final class CompressHandler implements CommandHandler<ImapCommand.Compress> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Compress command) {
        if (!command.mechanism().equals("DEFLATE")) {
            return Future.failedFuture(ProtocolException.bad("Unknown compression mechanism"));
        }
        if (session.isCompressed()) {
            // RFC 4978 §3: a second COMPRESS gets NO [COMPRESSIONACTIVE]
            return Future.failedFuture(ProtocolException.no("COMPRESSIONACTIVE", "Compression is already active"));
        }
        session.afterReply(session::startCompression);
        return Future.succeededFuture(Completion.ok("DEFLATE active"));
    }
}
