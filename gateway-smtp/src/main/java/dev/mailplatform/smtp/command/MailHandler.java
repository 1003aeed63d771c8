/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.List;

/** MAIL FROM, allowed in state Greeted. RFC 5321 §4.1.1.2; SIZE checked up front per RFC 1870 §6.2. */
final class MailHandler implements CommandHandler<SmtpCommand.MailFrom> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.MailFrom command) {
        if (session.state() instanceof SmtpState.Connected) {
            return Replies.badSequence("Send HELO/EHLO first");
        }
        if (!(session.state() instanceof SmtpState.Greeted hello)) {
            return Replies.badSequence("Nested MAIL command");
        }
        long limit = session.services().config().maxMessageSize();
        if (command.params().declaredSize().isPresent() && command.params().declaredSize().getAsLong() > limit) {
            return Replies.reply(SmtpReplies.C552_EXCEEDED_STORAGE, SmtpReplies.E5_3_4,
                    "Message size exceeds fixed maximum message size of " + limit);
        }
        session.state(new SmtpState.InTransaction(hello, command.reversePath(), command.params(), List.of()));
        return Replies.reply(SmtpReplies.C250_OK, SmtpReplies.E2_1_0, "Sender OK");
    }
}
