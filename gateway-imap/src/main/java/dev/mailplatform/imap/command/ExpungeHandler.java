package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.MessageSets;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * EXPUNGE and UID EXPUNGE, selected state. RFC 9051 §6.4.3; RFC 4315 §2.1 (UID EXPUNGE only removes the given UIDs);
 * RFC 7162 §3.2.10 (VANISHED instead of EXPUNGE once QRESYNC is enabled).
 */
public final class ExpungeHandler implements CommandHandler<ImapCommand.Expunge> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Expunge command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        String name = command.uids() == null ? "EXPUNGE" : "UID EXPUNGE";
        if (selected.mailbox().readOnly()) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.READ_ONLY, "Mailbox is read-only"));
        }
        String uidSet = null;
        if (command.uids() != null) {
            List<Long> uids = MessageSets.uids(MessageSets.resolve(selected.mailbox(), command.uids(), true));
            if (uids.isEmpty()) {
                return Future.succeededFuture(Completion.ok(name + " completed"));
            }
            uidSet = MessageSets.compact(uids);
        }
        return session.services().mailboxClient()
                .expunge(selected.account().accountId(), selected.mailbox().name(), uidSet)
                .map(result -> {
                    session.removeFromView(result.deleted());
                    return Completion.ok(name + " completed");
                });
    }
}
