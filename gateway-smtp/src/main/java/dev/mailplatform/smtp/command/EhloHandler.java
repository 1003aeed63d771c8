/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * EHLO, any state. RFC 5321 §4.1.1.1 and §4.1.4: EHLO resets a transaction in progress. Advertises PIPELINING
 * (RFC 2920), SIZE (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), CHUNKING and BINARYMIME (RFC 3030), DSN
 * (RFC 3461), ENHANCEDSTATUSCODES (RFC 2034), STARTTLS (RFC 3207) before TLS and AUTH (RFC 4954) where allowed.
 */
final class EhloHandler implements CommandHandler<SmtpCommand.Ehlo> {
    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Ehlo command) {
        session.abortTransaction();
        session.state(new SmtpState.Greeted(command.domain(), true));
        var services = session.services();
        List<String> lines = new ArrayList<>(List.of(
                services.hostname() + " Hello " + command.domain() + " [" + session.remoteAddress() + "]",
                "PIPELINING",
                "SIZE " + services.config().maxMessageSize(),
                "8BITMIME",
                "SMTPUTF8",
                "CHUNKING",
                "BINARYMIME",
                "DSN",
                "ENHANCEDSTATUSCODES"));
        if (!session.tls()) {
            lines.add("STARTTLS");
        }
        if (AuthHandler.offered(session) && session.identity() == null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        // RFC 2034 §4: no enhanced status codes on EHLO replies
        return Future.succeededFuture(new SmtpReply(SmtpReplies.C250_OK, null, lines));
    }
}
