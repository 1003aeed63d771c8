package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.StoreFlagsRequest;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.MessageSets;
import dev.mailplatform.imap.session.SelectedMailbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * STORE and UID STORE, selected state. RFC 9051 §6.4.6 (FETCH FLAGS for each message unless .SILENT); RFC 7162
 * §3.1.3 (UNCHANGEDSINCE, [MODIFIED], MODSEQ in the FETCH responses even with .SILENT). No EXPUNGE is sent during
 * STORE by sequence number (RFC 9051 §7.5.1): the view keeps messages expunged elsewhere.
 */
public final class StoreHandler implements CommandHandler<ImapCommand.Store> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Store command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        String name = command.byUid() ? "UID STORE" : "STORE";
        if (selected.mailbox().readOnly()) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.READ_ONLY, "Mailbox is read-only"));
        }
        List<MessageSets.Target> targets = MessageSets.resolve(selected.mailbox(), command.set(), command.byUid());
        if (targets.isEmpty()) {
            return Future.succeededFuture(Completion.ok(name + " completed"));
        }
        if (command.unchangedSince() != null) {
            session.enable(ImapSession.Enabled.CONDSTORE); // RFC 7162 §3.1: a CONDSTORE-enabling command
        }
        StoreFlagsRequest request = new StoreFlagsRequest(MessageSets.compact(MessageSets.uids(targets)),
                command.mode(), command.flags(), command.unchangedSince());
        return session.services().mailboxClient()
                .storeFlags(selected.account().accountId(), selected.mailbox().name(), request)
                .map(result -> respond(session, command, targets, result, name));
    }

    private static Completion respond(ImapSession session, ImapCommand.Store command,
            List<MessageSets.Target> targets, StoreFlagsResult result, String name) {
        Map<Long, MessageDto> updated = new HashMap<>();
        Map<Long, MessageDto> byUid = new HashMap<>();
        targets.forEach(t -> byUid.put(t.message().uid(), t.message()));
        for (StoreFlagsResult.FlagUpdate u : result.updated()) {
            MessageDto old = byUid.get(u.uid());
            if (old != null) {
                updated.put(u.uid(), new MessageDto(old.uid(), u.modseq(), old.size(), old.internalDate(),
                        u.flags(), old.blobKey(), old.threadId(), old.envelope(), old.bodyStructure()));
            }
        }
        session.updateInView(updated);
        SelectedMailbox view = ((ImapState.Selected) session.state()).mailbox();
        Set<Long> modified = new HashSet<>(result.modified());
        boolean condstore = session.condstore();
        for (MessageSets.Target target : targets) {
            long uid = target.message().uid();
            if (modified.contains(uid)) {
                continue;
            }
            MessageDto current = updated.getOrDefault(uid, target.message());
            boolean changed = updated.containsKey(uid);
            if (command.silent() && !(changed && command.unchangedSince() != null)) {
                continue;
            }
            StringBuilder line = new StringBuilder().append(target.seq()).append(" FETCH (");
            if (!command.silent()) {
                line.append("FLAGS ").append(session.flagList(view, current)).append(' ');
            }
            if (command.byUid()) {
                line.append("UID ").append(uid).append(' ');
            }
            if (condstore) {
                line.append("MODSEQ (").append(current.modseq()).append(") ");
            }
            line.setLength(line.length() - 1);
            session.write(ImapResponses.untagged(line.append(')').toString()));
        }
        if (!modified.isEmpty()) {
            List<Long> numbers = new ArrayList<>();
            for (MessageSets.Target target : targets) {
                if (modified.contains(target.message().uid())) {
                    numbers.add(command.byUid() ? target.message().uid() : target.seq());
                }
            }
            return new Completion("MODIFIED " + MessageSets.compact(numbers), "Conditional " + name + " failed");
        }
        return Completion.ok(name + " completed");
    }
}
