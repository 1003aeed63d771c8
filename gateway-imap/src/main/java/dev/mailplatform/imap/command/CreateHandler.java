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

/** CREATE, authenticated state. RFC 9051 §6.3.4; RFC 6154 §3 (USE special-use attribute); RFC 5530 codes. */
public final class CreateHandler implements CommandHandler<ImapCommand.Create> {
    private static final Set<String> SPECIAL_USES = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk",
            "\\Sent", "\\Trash");

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Create command) {
        if (MailboxNames.isInbox(command.mailbox())) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.ALREADYEXISTS, "INBOX always exists"));
        }
        String use = command.specialUse() == null ? null : canonicalUse(command.specialUse());
        if (command.specialUse() != null && use == null) {
            return Future.failedFuture(ProtocolException.no("USEATTR", "Unknown special-use attribute"));
        }
        var account = ImapState.accountOf(session.state());
        return session.services().mailboxClient().createMailbox(account.accountId(), command.mailbox(), use)
                .map(created -> Completion.ok("CREATE completed"))
                .recover(e -> {
                    if (e instanceof MailboxServiceException mse && mse.status() == 409) {
                        return Future.failedFuture(ProtocolException.no(ResponseCode.ALREADYEXISTS,
                                "Mailbox already exists"));
                    }
                    if (e instanceof MailboxServiceException mse && mse.status() == 400) {
                        return Future.failedFuture(ProtocolException.no(ResponseCode.CANNOT,
                                "Invalid mailbox name"));
                    }
                    return Future.failedFuture(e);
                });
    }

    private static String canonicalUse(String raw) {
        for (String use : SPECIAL_USES) {
            if (use.equalsIgnoreCase(raw)) {
                return use;
            }
        }
        return null;
    }
}
