/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;

/**
 * STARTTLS, allowed in state Greeted without TLS. RFC 3207 §4. After the 220 the session drops whatever the client
 * pipelined behind the command (CVE-2011-0411), performs the handshake and forgets the EHLO (§4.2).
 */
final class StartTlsHandler implements CommandHandler<SmtpCommand.StartTls> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.StartTls command) {
        if (session.tls()) {
            // RFC 3207 §4: STARTTLS is not advertised after TLS, so it is an unexpected command
            return Replies.badSequence("TLS already active");
        }
        if (session.state() instanceof SmtpState.Connected) {
            return Replies.badSequence("Send EHLO first");
        }
        if (!(session.state() instanceof SmtpState.Greeted)) {
            return Replies.badSequence("STARTTLS not allowed during a mail transaction");
        }
        session.upgradeToTlsAfterReply();
        return Replies.reply(SmtpReplies.C220_READY, SmtpReplies.E2_0_0, "Ready to start TLS");
    }
}
