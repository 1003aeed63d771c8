/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;

/**
 * Handles one command type. Called on the session's event loop; may change the session state and returns the
 * reply (a failed future with {@code SmtpProtocolException} carries an error reply, any other failure becomes
 * "451 4.3.0"). The order checks live in each handler because RFC 5321 §4.1.4 gives them distinct replies.
 */
public interface CommandHandler<C extends SmtpCommand> {
    Future<SmtpReply> handle(SmtpSession session, C command);
}
