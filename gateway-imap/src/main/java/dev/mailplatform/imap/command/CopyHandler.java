package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.CopyMessagesResult;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.MessageSets;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * COPY, MOVE and their UID forms, selected state. RFC 9051 §6.4.7, §6.4.8; RFC 6851 §3.3 (MOVE sends COPYUID
 * untagged, then EXPUNGE for each moved message); RFC 4315 §3 (COPYUID); TRYCREATE when the target is missing.
 */
public final class CopyHandler implements CommandHandler<ImapCommand.Copy> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Copy command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        String name = (command.byUid() ? "UID " : "") + (command.move() ? "MOVE" : "COPY");
        if (command.move() && selected.mailbox().readOnly()) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.READ_ONLY, "Mailbox is read-only"));
        }
        List<MessageSets.Target> targets = MessageSets.resolve(selected.mailbox(), command.set(), command.byUid());
        if (targets.isEmpty()) {
            return Future.succeededFuture(Completion.ok(name + " completed"));
        }
        String uidSet = MessageSets.compact(MessageSets.uids(targets));
        var client = session.services().mailboxClient();
        var account = selected.account().accountId();
        Future<CopyMessagesResult> done = command.move()
                ? client.move(account, selected.mailbox().name(), uidSet, command.mailbox())
                : client.copy(account, selected.mailbox().name(), uidSet, command.mailbox());
        return done.recover(e -> Future.failedFuture(translate(e))).map(result -> {
            String copyUid = copyUid(result);
            if (!command.move()) {
                return new Completion(copyUid, name + " completed");
            }
            if (copyUid != null) {
                session.write(ImapResponses.untagged("OK [" + copyUid + "] Moved"));
            }
            session.removeFromView(result.sourceUids());
            return Completion.ok(name + " completed");
        });
    }

    /** RFC 4315 §3: source and destination sets pair up in order, so both are listed sorted by source UID. */
    private static String copyUid(CopyMessagesResult result) {
        if (result.sourceUids() == null || result.sourceUids().isEmpty()
                || result.sourceUids().size() != result.destinationUids().size()) {
            return null;
        }
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < result.sourceUids().size(); i++) {
            pairs.add(new long[] {result.sourceUids().get(i), result.destinationUids().get(i)});
        }
        pairs.sort(Comparator.comparingLong(p -> p[0]));
        List<Long> sources = new ArrayList<>();
        List<Long> destinations = new ArrayList<>();
        for (long[] p : pairs) {
            sources.add(p[0]);
            destinations.add(p[1]);
        }
        return "COPYUID " + result.targetUidValidity() + " " + MessageSets.compact(sources) + " "
                + MessageSets.compact(destinations);
    }

    private static Throwable translate(Throwable e) {
        if (e instanceof MailboxServiceException mse) {
            if (mse.status() == 404) {
                return ProtocolException.no(ResponseCode.TRYCREATE, "No such target mailbox");
            }
            if (mse.status() == 413) {
                return ProtocolException.no(ResponseCode.OVERQUOTA, "Quota exceeded");
            }
        }
        return e;
    }
}
