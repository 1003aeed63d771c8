/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.List;

/** HELO, any state. RFC 5321 §4.1.1.1; like EHLO it resets a transaction (§4.1.4). */
final class HeloHandler implements CommandHandler<SmtpCommand.Helo> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Helo command) {
        session.abortTransaction();
        session.state(new SmtpState.Greeted(command.domain(), false));
        return Future.succeededFuture(new SmtpReply(SmtpReplies.C250_OK, null,
                List.of(session.services().hostname())));
    }
}
