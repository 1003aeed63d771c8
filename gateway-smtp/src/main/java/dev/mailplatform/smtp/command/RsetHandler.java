/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;

/** RSET, any state. RFC 5321 §4.1.1.5: drops the transaction but keeps the HELO/EHLO. */
final class RsetHandler implements CommandHandler<SmtpCommand.Rset> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Rset command) {
        session.abortTransaction();
        if (session.state() instanceof SmtpState.InTransaction transaction) {
            session.state(transaction.hello());
        }
        return Replies.reply(SmtpReplies.C250_OK, SmtpReplies.E2_0_0, "OK");
    }
}
