package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.Future;
import java.util.Set;

/**
 * RENAME, authenticated state. RFC 9051 §6.3.6: children move along; renaming INBOX moves its messages into a new
 * mailbox and leaves INBOX empty (done by the mailbox service).
 */
public final class RenameHandler implements CommandHandler<ImapCommand.Rename> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Rename command) {
        if (MailboxNames.isInbox(command.to())) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.ALREADYEXISTS, "INBOX always exists"));
        }
        var account = ImapState.accountOf(session.state());
        return session.services().mailboxClient().renameMailbox(account.accountId(), command.from(), command.to())
                .map(v -> Completion.ok("RENAME completed"))
                .recover(e -> {
                    if (e instanceof MailboxServiceException mse && mse.status() == 409) {
                        return Future.failedFuture(ProtocolException.no(ResponseCode.ALREADYEXISTS,
                                "Target mailbox already exists"));
                    }
                    return Future.failedFuture(e);
                });
    }
}
