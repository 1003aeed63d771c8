/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;

/** QUIT, any state. RFC 5321 §4.1.1.10: 221, then the session closes the connection. */
final class QuitHandler implements CommandHandler<SmtpCommand.Quit> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Quit command) {
        return Replies.reply(SmtpReplies.C221_CLOSING, SmtpReplies.E2_0_0,
                session.services().hostname() + " closing connection");
    }
}
