package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Executes one command type. Runs on the connection's event loop and must not block; it writes untagged data itself
 * and returns the tagged OK, or fails with a {@link dev.mailplatform.imap.error.ProtocolException} (or any exception,
 * which the session translates).
 */
public interface CommandHandler<C extends ImapCommand> {
    /** States the command is valid in; the session answers BAD elsewhere without calling the handler. */
    Set<Class<? extends ImapState>> allowedIn();

    Future<Completion> handle(ImapSession session, C command);
}
