package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.SelectedMailbox;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/** SELECT and EXAMINE, authenticated or selected state. RFC 9051 §6.3.2, §6.3.3; RFC 3501 §6.3.1 (RECENT). */
public final class SelectHandler implements CommandHandler<ImapCommand.Select> {
    /** System flags (RFC 9051 §2.3.2) the mailbox knows. */
    private static final String FLAGS = "FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)";

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Select command) {
        AuthResult account = ImapState.accountOf(session.state());
        // RFC 9051 §6.3.2: SELECT first deselects; when it fails, no mailbox stays selected
        session.setState(new ImapState.Authenticated(account));
        var client = session.services().mailboxClient();
        Future<MailboxDto> mailbox = client.mailbox(account.accountId(), command.mailbox());
        Future<List<MessageDto>> messages = client.messages(account.accountId(), command.mailbox());
        return Future.all(mailbox, messages)
                .recover(e -> Future.failedFuture(notFound(e)))
                .map(all -> {
                    MailboxDto info = mailbox.result();
                    List<MessageDto> list = messages.result();
                    session.write(ImapResponses.untagged(FLAGS));
                    session.write(ImapResponses.untagged(list.size() + " EXISTS"));
                    // RFC 3501 §7.3.2: \Recent is not tracked (RFC 9051 dropped it); report none
                    session.write(ImapResponses.untagged("0 RECENT"));
                    int firstUnseen = firstUnseen(list);
                    if (firstUnseen > 0) {
                        session.write(ImapResponses.untagged("OK [UNSEEN " + firstUnseen + "] First unseen"));
                    }
                    session.write(ImapResponses.untagged("OK [UIDVALIDITY " + info.uidValidity() + "] UIDs valid"));
                    long uidNext = Math.max(info.uidNext(), list.isEmpty() ? 1 : list.get(list.size() - 1).uid() + 1);
                    session.write(ImapResponses.untagged("OK [UIDNEXT " + uidNext + "] Predicted next UID"));
                    // no STORE yet, so no flag change is permanent (RFC 9051 §7.1: PERMANENTFLAGS)
                    session.write(ImapResponses.untagged("OK [PERMANENTFLAGS ()] No permanent flags permitted"));
                    session.setState(new ImapState.Selected(account,
                            new SelectedMailbox(command.mailbox(), command.readOnly(), info.uidValidity(), list)));
                    return new Completion(command.readOnly() ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
                            (command.readOnly() ? "EXAMINE" : "SELECT") + " completed");
                });
    }

    private static Throwable notFound(Throwable e) {
        if (e instanceof MailboxServiceException mse && mse.status() == 404) {
            return ProtocolException.no(ResponseCode.NONEXISTENT, "No such mailbox");
        }
        return e;
    }

    private static int firstUnseen(List<MessageDto> list) {
        for (int i = 0; i < list.size(); i++) {
            List<String> flags = list.get(i).flags();
            if (flags == null || flags.stream().noneMatch("\\Seen"::equalsIgnoreCase)) {
                return i + 1;
            }
        }
        return 0;
    }
}
