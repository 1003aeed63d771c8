package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;

/** DELETE, authenticated state. RFC 9051 §6.3.5: INBOX cannot be deleted; deleting the selected mailbox is refused. */
public final class DeleteHandler implements CommandHandler<ImapCommand.Delete> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Delete command) {
        if (MailboxNames.isInbox(command.mailbox())) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.CANNOT, "INBOX cannot be deleted"));
        }
        if (session.state() instanceof ImapState.Selected s && s.mailbox().name().equals(command.mailbox())) {
            // keeping sequence numbers of a vanished mailbox consistent is not worth it: clients never do this
            return Future.failedFuture(ProtocolException.no(ResponseCode.INUSE, "Mailbox is selected"));
        }
        var account = ImapState.accountOf(session.state());
        return session.services().mailboxClient().deleteMailbox(account.accountId(), command.mailbox())
                .map(v -> Completion.ok("DELETE completed"));
    }
}
