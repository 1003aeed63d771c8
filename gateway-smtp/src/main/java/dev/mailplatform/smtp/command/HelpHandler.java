/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;

/** HELP, any state. RFC 5321 §4.1.1.8. */
final class HelpHandler implements CommandHandler<SmtpCommand.Help> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Help command) {
        return Replies.reply(SmtpReplies.C214_HELP, SmtpReplies.E2_0_0,
                "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP VRFY HELP QUIT");
    }
}
