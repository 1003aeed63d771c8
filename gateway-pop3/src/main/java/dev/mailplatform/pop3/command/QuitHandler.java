/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.contracts.api.StoreFlagsRequest;
import dev.mailplatform.pop3.config.Pop3Config.Retention.Policy;
import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Maildrop;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * QUIT. AUTHORIZATION state (RFC 1939 §4: just ends the session) and TRANSACTION state (RFC 1939 §6: enters UPDATE,
 * removes the marked messages in one request, which the mailbox service applies in one transaction, then answers,
 * releases the maildrop lease and closes). Under the tenant's "keep" policy the messages get the kept keyword instead
 * of being deleted: gone for POP3, still there for IMAP. If the commit fails the reply is -ERR [SYS/TEMP], which
 * RFC 1939 §6 allows; the messages simply stay.
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
        session.state(new Pop3State.Update(transaction.account(), transaction.lease()));
        Maildrop maildrop = transaction.maildrop();
        List<Long> uids = maildrop.deletedUids();
        if (uids.isEmpty()) {
            return transaction.lease().release().compose(v -> closeWith(session, Pop3Response.ok("bye")));
        }
        var account = transaction.account();
        Policy policy = Logins.retention(session, account.tenantId());
        var mailbox = session.services().mailbox();
        Future<Integer> committed = policy == Policy.KEEP
                ? mailbox.storeFlags(account.accountId(), Logins.INBOX, new StoreFlagsRequest(maildrop.deletedUidSet(),
                        "ADD", List.of(session.services().config().retention().keptKeyword()), null))
                        .map(result -> result.updated().size())
                : mailbox.deleteMessages(account.accountId(), Logins.INBOX, uids).map(result -> result.deleted().size());
        return committed.transform(ar -> {
            // the lease is released only after the commit, so the next session's snapshot already reflects it
            Future<Void> released = transaction.lease().release();
            if (ar.succeeded()) {
                LOG.infof("pop3 %s %s %d of %d marked messages", session.id(),
                        policy == Policy.KEEP ? "hid" : "removed", ar.result(), uids.size());
                return released.compose(v -> closeWith(session,
                        Pop3Response.ok("bye, " + uids.size() + " messages deleted")));
            }
            LOG.warnf("pop3 %s could not commit %d deletions: %s", session.id(), uids.size(), ar.cause().toString());
            return released.compose(v -> closeWith(session, Pop3Response.err(Pop3Response.CODE_SYS_TEMP,
                    "deleted messages not removed, try again later")));
        });
    }

    private static Future<Void> closeWith(Pop3Session session, Pop3Response reply) {
        Future<Void> written = session.reply(reply);
        written.onComplete(ar -> session.close());
        return written;
    }
}
