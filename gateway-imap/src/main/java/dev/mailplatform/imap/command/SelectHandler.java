package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ImapStrings;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapSession.Enabled;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.SelectedMailbox;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * SELECT and EXAMINE, authenticated or selected state. RFC 9051 §6.3.2, §6.3.3; RFC 3501 §6.3.1 (RECENT);
 * RFC 7162 §3.1.8 (CONDSTORE parameter, HIGHESTMODSEQ) and §3.2.5 (QRESYNC: VANISHED (EARLIER) and changed flags).
 */
public final class SelectHandler implements CommandHandler<ImapCommand.Select> {
    /** System flags (RFC 9051 §2.3.2) the mailbox knows. */
    private static final String FLAGS = "FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
    /** Keywords are stored too, so clients may create them (RFC 9051 §7.1: \*). */
    private static final String PERMANENT_FLAGS =
            "OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted";

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Select command) {
        AuthResult account = ImapState.accountOf(session.state());
        if (command.qresync() != null && !session.isEnabled(Enabled.QRESYNC)) {
            // RFC 7162 §3.2.5: the QRESYNC parameter is only valid after ENABLE QRESYNC
            return Future.failedFuture(ProtocolException.bad("QRESYNC is not enabled"));
        }
        if (command.condstore()) {
            session.enable(Enabled.CONDSTORE); // RFC 7162 §3.1: a CONDSTORE-enabling command
        }
        boolean wasSelected = session.state() instanceof ImapState.Selected;
        // RFC 9051 §6.3.2: SELECT first deselects; when it fails, no mailbox stays selected
        session.setState(new ImapState.Authenticated(account));
        if (wasSelected && session.isEnabled(Enabled.QRESYNC)) {
            // RFC 7162 §3.2.11: the client learns where the old mailbox's responses end
            session.write(ImapResponses.untagged("OK [CLOSED] Previous mailbox closed"));
        }
        return session.services().mailboxClient().selection(account.accountId(), command.mailbox())
                .recover(e -> Future.failedFuture(notFound(e)))
                .compose(info -> {
                    List<MessageDto> list = info.messages();
                    long highestModseq = info.highestModseq();
                    for (MessageDto m : list) {
                        highestModseq = Math.max(highestModseq, m.modseq());
                    }
                    long uidNext = Math.max(info.uidNext(), list.isEmpty() ? 1 : list.get(list.size() - 1).uid() + 1);
                    // messages are \Recent for the session that first sees them: here, none at SELECT time.
                    // The list and UIDNEXT come from one snapshot: every UID below UIDNEXT is in the list or was
                    // expunged, so the view has seen them all (late echoes of this session's earlier changes to
                    // messages gone since, and an APPEND that gets UIDNEXT, need no look-up)
                    SelectedMailbox box = new SelectedMailbox(command.mailbox(), command.readOnly(),
                            info.uidValidity(), list, uidNext, highestModseq, uidNext - 1);
                    session.write(ImapResponses.untagged(FLAGS));
                    session.write(ImapResponses.untagged(list.size() + " EXISTS"));
                    if (session.reportsRecent()) {
                        session.write(ImapResponses.untagged("0 RECENT"));
                    }
                    int firstUnseen = firstUnseen(list);
                    if (firstUnseen > 0 && session.reportsRecent()) {
                        session.write(ImapResponses.untagged("OK [UNSEEN " + firstUnseen + "] First unseen"));
                    }
                    session.write(ImapResponses.untagged("OK [UIDVALIDITY " + info.uidValidity() + "] UIDs valid"));
                    session.write(ImapResponses.untagged("OK [UIDNEXT " + uidNext + "] Predicted next UID"));
                    session.write(ImapResponses.untagged(command.readOnly()
                            ? "OK [PERMANENTFLAGS ()] Read-only mailbox" : PERMANENT_FLAGS));
                    session.write(ImapResponses.untagged("OK [HIGHESTMODSEQ " + Math.max(1, highestModseq)
                            + "] Highest"));
                    if (!session.reportsRecent()) {
                        // RFC 9051 §6.3.2: IMAP4rev2 clients get the mailbox's canonical name
                        session.write(ImapResponses.untagged("LIST () \"/\" " + ImapStrings.astring(
                                MailboxNames.toClient(command.mailbox(), session.utf8()))));
                    }
                    session.setState(new ImapState.Selected(account, box));
                    Future<Void> resync = command.qresync() != null
                            && command.qresync().uidValidity() == info.uidValidity()
                            ? qresync(session, box, command.qresync()) : Future.succeededFuture();
                    return resync.map(v -> new Completion(command.readOnly() ? ResponseCode.READ_ONLY
                            : ResponseCode.READ_WRITE, (command.readOnly() ? "EXAMINE" : "SELECT") + " completed"));
                });
    }

    /** RFC 7162 §3.2.5.2: expunged UIDs the client knows as VANISHED (EARLIER), then changed messages' flags. */
    private static Future<Void> qresync(ImapSession session, SelectedMailbox box, ImapCommand.QresyncParams params) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        return session.services().mailboxClient().changes(selected.account().accountId(), box.name(),
                params.modseq()).map(changes -> {
                    writeChanges(session, box, changes, params.knownUids() == null ? null
                            : SequenceSet.parse(params.knownUids()));
                    return null;
                });
    }

    static void writeChanges(ImapSession session, SelectedMailbox box, ChangesResult changes, SequenceSet known) {
        String vanished = Vanished.earlier(changes, box, known);
        if (!vanished.isEmpty()) {
            session.write(ImapResponses.untagged("VANISHED (EARLIER) " + vanished));
        }
        for (MessageDto m : changes.changed()) {
            int seq = box.seqOf(m.uid());
            if (seq > 0) {
                session.write(ImapResponses.untagged(seq + " FETCH (UID " + m.uid() + " FLAGS "
                        + session.flagList(box, m) + " MODSEQ (" + m.modseq() + "))"));
            }
        }
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
