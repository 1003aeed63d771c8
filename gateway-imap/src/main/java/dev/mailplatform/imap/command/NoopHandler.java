package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.SelectedMailbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NOOP, any state. RFC 9051 §6.1.2: in the selected state it is the poll for changes, so it reports expunged
 * messages (EXPUNGE, RFC 9051 §7.5.1) and new ones (EXISTS).
 */
public final class NoopHandler implements CommandHandler<ImapCommand.Noop> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.ANY;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Noop command) {
        if (!(session.state() instanceof ImapState.Selected selected)) {
            return Future.succeededFuture(Completion.ok("NOOP completed"));
        }
        SelectedMailbox box = selected.mailbox();
        return session.services().mailboxClient().messages(selected.account().accountId(), box.name())
                .map(fresh -> {
                    Map<Long, MessageDto> freshByUid = new HashMap<>();
                    fresh.forEach(m -> freshByUid.put(m.uid(), m));
                    List<MessageDto> view = new ArrayList<>();
                    int seq = 1;
                    for (MessageDto old : box.messages()) {
                        MessageDto current = freshByUid.get(old.uid());
                        if (current == null) {
                            // each EXPUNGE renumbers the following messages, so the next one keeps this number
                            session.write(ImapResponses.untagged(seq + " EXPUNGE"));
                        } else {
                            view.add(current);
                            seq++;
                        }
                    }
                    long largest = box.largestUid();
                    int before = view.size();
                    fresh.stream().filter(m -> m.uid() > largest).forEach(view::add);
                    if (view.size() != before) {
                        session.write(ImapResponses.untagged(view.size() + " EXISTS"));
                    }
                    session.setState(new ImapState.Selected(selected.account(), box.withMessages(view)));
                    return Completion.ok("NOOP completed");
                });
    }
}
