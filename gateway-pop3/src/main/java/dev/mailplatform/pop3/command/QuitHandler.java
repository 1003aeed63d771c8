/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * QUIT. AUTHORIZATION state (RFC 1939 §4: just ends the session) and TRANSACTION state (RFC 1939 §6: enters UPDATE,
 * removes the marked messages, then answers and closes). If the removal fails the reply is -ERR, which RFC 1939 §6
 * allows, and the connection still closes; the messages simply stay in the INBOX.
 */
final class QuitHandler implements Pop3CommandHandler<Pop3Command.Quit> {
    private static final Logger LOG = Logger.getLogger(QuitHandler.class);

    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return ANY;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Quit command) {
        if (!(session.state() instanceof Pop3State.Transaction transaction)) {
            return closeWith(session, Pop3Response.ok("bye"));
        }
        session.state(new Pop3State.Update(transaction.account()));
        List<Long> uids = transaction.maildrop().deletedUids();
        if (uids.isEmpty()) {
            return closeWith(session, Pop3Response.ok("bye"));
        }
        var account = transaction.account();
        return session.services().mailbox().deleteMessages(account.accountId(), PassHandler.INBOX, uids)
                .compose(result -> {
                    LOG.infof("pop3 %s removed %d of %d marked messages", session.id(), result.deleted().size(),
                            uids.size());
                    return closeWith(session, Pop3Response.ok("bye, " + uids.size() + " messages deleted"));
                }, failure -> {
                    LOG.warnf("pop3 %s could not remove %d marked messages: %s", session.id(), uids.size(),
                            failure.toString());
                    return closeWith(session, Pop3Response.err(Pop3Response.CODE_SYS_TEMP,
                            "some deleted messages not removed"));
                });
    }

    private static Future<Void> closeWith(Pop3Session session, Pop3Response reply) {
        Future<Void> written = session.reply(reply);
        written.onComplete(ar -> session.close());
        return written;
    }
}
