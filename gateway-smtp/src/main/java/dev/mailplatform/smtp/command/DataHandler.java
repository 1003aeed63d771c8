/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.Inbound;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.List;

/**
 * DATA, allowed in state InTransaction with at least one recipient. RFC 5321 §4.1.1.4 and §3.3. Two phases: the
 * command starts the spool and answers 354; {@link #endOfData} runs when the receiver has seen CRLF.CRLF and
 * hands over to {@link MessageCompletion}.
 */
public final class DataHandler implements CommandHandler<SmtpCommand.Data> {

    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Data command) {
        if (!(session.state() instanceof SmtpState.InTransaction transaction)) {
            return Replies.badSequence("Need MAIL and RCPT before DATA");
        }
        if (transaction.params().body() == MailParams.Body.BINARY_MIME) {
            // RFC 3030 §3: BINARYMIME content can only be sent with BDAT
            return Replies.badSequence("BODY=BINARYMIME requires BDAT");
        }
        if (transaction.recipients().isEmpty()) {
            // RFC 5321 §3.3: DATA after only failed RCPTs gets 554 "no valid recipients" (RFC 2920 §3.1 pipelining)
            return Replies.reply(SmtpReplies.C554_TRANSACTION_FAILED, SmtpReplies.E5_5_1, "No valid recipients");
        }
        session.state(MessageCompletion.open(session, transaction, false));
        // RFC 2034 §4: enhanced codes accompany 2xx/4xx/5xx only, not the 354 intermediate reply
        return Future.succeededFuture(new SmtpReply(SmtpReplies.C354_START_INPUT, null,
                List.of("End data with <CR><LF>.<CR><LF>")));
    }

    /** The client has sent CRLF.CRLF. */
    public Future<SmtpReply> endOfData(SmtpSession session, Inbound.DataDefect defect) {
        if (!(session.state() instanceof SmtpState.ReceivingData receiving)) {
            return Future.failedFuture(new IllegalStateException("end of data outside DATA"));
        }
        return MessageCompletion.complete(session, receiving, defect);
    }
}
