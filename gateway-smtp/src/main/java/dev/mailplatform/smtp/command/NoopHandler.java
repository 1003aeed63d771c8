/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;

/** NOOP, any state. RFC 5321 §4.1.1.9. */
final class NoopHandler implements CommandHandler<SmtpCommand.Noop> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Noop command) {
        return Replies.reply(SmtpReplies.C250_OK, SmtpReplies.E2_0_0, "OK");
    }
}
