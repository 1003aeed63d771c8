/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;

/**
 * VRFY, any state. RFC 5321 §3.5.3 and §7.3: answering 252 without looking anything up gives address harvesters
 * nothing while staying conformant.
 */
final class VrfyHandler implements CommandHandler<SmtpCommand.Vrfy> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Vrfy command) {
        return Replies.reply(SmtpReplies.C252_CANNOT_VRFY, SmtpReplies.E2_5_0,
                "Cannot VRFY user, but will accept message and attempt delivery");
    }
}
